//! Example content: the six categories the community asked for, in four languages, with
//! topics in Russian, German, English and Kazakh, replies that quote and answer each other,
//! accepted answers, reactions, a topic linking a library document, and the ECO week's
//! questions to its speakers.
//!
//! Everything goes through the capability's own functions, as members and organisers would
//! do it. Loading is idempotent: when any category exists, nothing is added.

use super::categories::{self, CategoryInput, CategoryText};
use super::model::{Level, Reaction};
use super::posts::{self, ReactionInput, ReplyInput};
use super::topics::{self, TopicInput, TopicPatch};
use super::{db, following};
use crate::state::AppState;
use crate::web::identity::CurrentMember;

const ADMIN: &str = "admin@circula.example";
const ORGANISER: &str = "aigerim.saparova@circula.example";

/// slug, members only, [(locale, name, description)]
type DemoCategory = (
    &'static str,
    bool,
    [(&'static str, &'static str, &'static str); 4],
);

const CATEGORIES: [DemoCategory; 6] = [
    (
        "municipal-waste",
        false,
        [
            (
                "en",
                "Municipal waste",
                "Collection, sorting and transport of household waste in cities and villages.",
            ),
            (
                "de",
                "Siedlungsabfälle",
                "Sammlung, Sortierung und Transport von Haushaltsabfällen in Städten und Dörfern.",
            ),
            (
                "ru",
                "Коммунальные отходы",
                "Сбор, сортировка и вывоз бытовых отходов в городах и сёлах.",
            ),
            (
                "kk",
                "Коммуналдық қалдықтар",
                "Қалалар мен ауылдардағы тұрмыстық қалдықтарды жинау, сұрыптау және тасымалдау.",
            ),
        ],
    ),
    (
        "recycling-markets",
        false,
        [
            (
                "en",
                "Recycling markets",
                "Prices, buyers and quality of secondary raw materials.",
            ),
            (
                "de",
                "Recyclingmärkte",
                "Preise, Abnehmer und Qualität von Sekundärrohstoffen.",
            ),
            (
                "ru",
                "Рынки вторсырья",
                "Цены, покупатели и качество вторичного сырья.",
            ),
            (
                "kk",
                "Қайталама шикізат нарығы",
                "Қайталама шикізаттың бағасы, сатып алушылары және сапасы.",
            ),
        ],
    ),
    (
        "legislation-and-epr",
        false,
        [
            (
                "en",
                "Legislation and EPR",
                "Laws, extended producer responsibility and how to comply.",
            ),
            (
                "de",
                "Gesetzgebung und EPR",
                "Gesetze, erweiterte Herstellerverantwortung und ihre Umsetzung.",
            ),
            (
                "ru",
                "Законодательство и РОП",
                "Законы, расширенная ответственность производителей и как её выполнять.",
            ),
            (
                "kk",
                "Заңнама және ӨКЖ",
                "Заңдар, өндірушілердің кеңейтілген жауапкершілігі және оны орындау.",
            ),
        ],
    ),
    (
        "landfills-and-remediation",
        false,
        [
            (
                "en",
                "Landfills and remediation",
                "Closing, capping and cleaning up old dumps; landfill gas.",
            ),
            (
                "de",
                "Deponien und Sanierung",
                "Schließung, Abdeckung und Sanierung alter Deponien; Deponiegas.",
            ),
            (
                "ru",
                "Полигоны и рекультивация",
                "Закрытие, укрытие и очистка старых свалок; свалочный газ.",
            ),
            (
                "kk",
                "Полигондар және қалпына келтіру",
                "Ескі үйінділерді жабу және тазарту; полигон газы.",
            ),
        ],
    ),
    (
        "education-and-awareness",
        false,
        [
            (
                "en",
                "Education and awareness",
                "Schools, campaigns and talking to residents.",
            ),
            (
                "de",
                "Bildung und Bewusstsein",
                "Schulen, Kampagnen und die Ansprache der Bewohner.",
            ),
            ("ru", "Просвещение", "Школы, кампании и работа с жителями."),
            (
                "kk",
                "Ағарту және хабардарлық",
                "Мектептер, науқандар және тұрғындармен жұмыс.",
            ),
        ],
    ),
    (
        "cooperation-offers",
        true,
        [
            (
                "en",
                "Cooperation offers",
                "Members only: projects looking for partners, and partners looking for projects.",
            ),
            (
                "de",
                "Kooperationsangebote",
                "Nur für Mitglieder: Projekte suchen Partner, Partner suchen Projekte.",
            ),
            (
                "ru",
                "Предложения о сотрудничестве",
                "Только для участников: проекты ищут партнёров, партнёры — проекты.",
            ),
            (
                "kk",
                "Ынтымақтастық ұсыныстары",
                "Тек қатысушыларға: жобалар серіктес іздейді, серіктестер жоба іздейді.",
            ),
        ],
    ),
];

/// A reply: author, body, the number of the post it answers (and quotes).
type DemoReply = (&'static str, &'static str, Option<usize>);

struct DemoTopic {
    category: &'static str,
    author: &'static str,
    title: &'static str,
    body: &'static str,
    tags: &'static [&'static str],
    topics: &'static [&'static str],
    replies: &'static [DemoReply],
    /// The reply (1 = the first reply) the author accepted.
    accepted: Option<usize>,
}

const TOPICS: [DemoTopic; 5] = [
    DemoTopic {
        category: "municipal-waste",
        author: "daulet.nurlanuly@circula.example",
        title: "Как городу на 300 000 жителей организовать раздельный сбор?",
        body: "Мы готовим концепцию для Тараза. Сейчас все отходы едут на один полигон, контейнеры общие. С чего начать: с двух потоков (сухие и влажные) или сразу с пластика, бумаги и стекла? Какие ошибки вы видели в других городах?",
        tags: &["раздельный сбор", "тараз"],
        topics: &["waste-collection", "sorting", "municipal-services"],
        replies: &[
            (
                "markus.weber@circula.example",
                "Aus unserer Erfahrung in Sachsen: Beginnen Sie mit zwei Strömen (trocken/nass) und einem Pilotbezirk. Drei Fraktionen auf einmal überfordern Sammelfahrzeuge und Bewohner. Wichtig ist die Sortieranlage *vor* der Sammlung zu planen.",
                None,
            ),
            (
                "olga.ivanova@circula.example",
                "Согласна с Маркусом. В Алматы пилот на 40 домах показал: без разъяснительной работы доля примесей в «сухом» потоке была 35 %, после встреч с жителями — 12 %.",
                Some(1),
            ),
            (
                "yerlan.abenov@circula.example",
                "Есть и финансовая сторона: тариф должен покрывать второй маршрут вывоза. @Daulet, в концепции стоит сразу заложить это в расчёт тарифа.",
                None,
            ),
        ],
        accepted: Some(1),
    },
    DemoTopic {
        category: "legislation-and-epr",
        author: "sabine.koch@circula.example",
        title: "EPR in Kazakhstan: what does it mean for packaging importers?",
        body: "We export machinery to Kazakhstan, packed in wood, film and cardboard. Since the new Environmental Code, importers pay for the packaging they bring in. Who declares it, us or the importer, and per tonne of what? The summary in the library helps: /library/1",
        tags: &["epr", "packaging"],
        topics: &["legislation-epr"],
        replies: &[(
            "aigerim.saparova@circula.example",
            "The importer of record declares and pays, per tonne and per material, through the operator of extended producer responsibility. As the exporter you help most by stating the packaging weights per material on the invoice.",
            None,
        )],
        accepted: Some(1),
    },
    DemoTopic {
        category: "recycling-markets",
        author: "timur.seitkali@circula.example",
        title: "Who buys PET flakes in Central Asia, and at what price?",
        body: "We wash and flake about 300 t of PET bottles a month in Shymkent. Local buyers pay little; exporting to Europe needs food-grade quality we do not reach yet. What are others seeing?",
        tags: &["pet", "prices"],
        topics: &["recycling"],
        replies: &[],
        accepted: None,
    },
    DemoTopic {
        category: "education-and-awareness",
        author: "asel.tulegenova@circula.example",
        title: "Мектептерде қалдықтарды сұрыптауды қалай үйретеміз?",
        body: "Біз Алматыдағы бес мектепте «Таза сынып» жобасын бастадық. Балаларға арналған қазақ тіліндегі материалдар аз. Кімде дайын ойындар немесе сабақ жоспарлары бар?",
        tags: &["мектеп"],
        topics: &["education"],
        replies: &[(
            "olga.ivanova@circula.example",
            "Есть наш буклет для жителей на казахском языке в библиотеке — его можно взять за основу для старших классов.",
            None,
        )],
        accepted: None,
    },
    DemoTopic {
        category: "cooperation-offers",
        author: "markus.weber@circula.example",
        title: "Partner gesucht: Service für Sortieranlagen in Kasachstan",
        body: "Wir suchen ein Unternehmen in Almaty oder Astana, das Montage und Wartung unserer Sortieranlagen übernimmt. Schulung in Deutschland inklusive.",
        tags: &["service", "partner"],
        topics: &["sorting", "equipment"],
        replies: &[],
        accepted: None,
    },
];

async fn member(state: &AppState, email: &str) -> anyhow::Result<Option<CurrentMember>> {
    Ok(CurrentMember::acting_as(&state.db, email).await?)
}

fn fail(what: &str) -> impl Fn(crate::web::error::AppError) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!("demo discussions, {what}: {}", e.code())
}

/// Loads the example discussions; `eco_week` gets its questions category. Answers whether
/// anything was added.
pub async fn load(state: &AppState, eco_week: Option<i64>) -> anyhow::Result<bool> {
    if !db::categories(&state.db).await?.is_empty() {
        return Ok(false);
    }
    let (Some(admin), Some(organiser)) =
        (member(state, ADMIN).await?, member(state, ORGANISER).await?)
    else {
        return Ok(false);
    };
    let mut ids = Vec::new();
    let mut opened_topics = Vec::new();
    for (position, (slug, members_only, texts)) in CATEGORIES.iter().enumerate() {
        let input = CategoryInput {
            slug: slug.to_string(),
            position: position as i64,
            members_only: *members_only,
            texts: texts
                .iter()
                .map(|(locale, name, description)| CategoryText {
                    locale: locale.to_string(),
                    name: name.to_string(),
                    description: description.to_string(),
                })
                .collect(),
        };
        let id = categories::create(state, &admin, input)
            .await
            .map_err(fail(slug))?;
        ids.push((*slug, id));
    }
    for topic in &TOPICS {
        let Some(author) = member(state, topic.author).await? else {
            continue;
        };
        let category = ids
            .iter()
            .find(|(slug, _)| *slug == topic.category)
            .map(|(_, id)| *id)
            .unwrap_or_default();
        let opened = topics::open(
            state,
            &author,
            TopicInput {
                category_id: category,
                title: topic.title.into(),
                body: topic.body.into(),
                tags: topic.tags.iter().map(|t| t.to_string()).collect(),
                topics: topic.topics.iter().map(|t| t.to_string()).collect(),
            },
        )
        .await
        .map_err(fail(topic.title))?;
        opened_topics.push(opened.id);
        let mut posts_so_far = vec![opened.post_id];
        for (email, body, answers) in topic.replies {
            let Some(replier) = member(state, email).await? else {
                continue;
            };
            let reply_to = answers.and_then(|n| posts_so_far.get(n).copied());
            let replied = posts::reply(
                state,
                &replier,
                opened.id,
                ReplyInput {
                    body: body.to_string(),
                    reply_to,
                },
            )
            .await
            .map_err(fail(topic.title))?;
            posts_so_far.push(replied.id);
            // The author agrees with every answer.
            posts::react(
                state,
                &author,
                replied.id,
                ReactionInput {
                    reaction: Reaction::Thanks,
                    remove: false,
                },
            )
            .await
            .map_err(fail(topic.title))?;
        }
        if let Some(n) = topic.accepted
            && let Some(post) = posts_so_far.get(n)
        {
            let patch = TopicPatch {
                accepted_post_id: Some(*post),
                ..Default::default()
            };
            topics::change(state, &author, opened.id, patch)
                .await
                .map_err(fail(topic.title))?;
        }
    }
    // A newcomer's reply with many links waits in the moderators' queue (admins see the badge).
    if let (Some(first), Some(newcomer)) = (
        opened_topics.first(),
        member(state, "jonas.hartmann@circula.example").await?,
    ) {
        posts::reply(
            state,
            &newcomer,
            *first,
            ReplyInput {
                body: "Wir liefern Unterflurbehälter für Glas, Papier und Verpackungen: \
                       https://example.com/unterflur, https://example.com/referenzen und \
                       https://example.com/angebot."
                    .into(),
                reply_to: None,
            },
        )
        .await
        .map_err(fail("held reply"))?;
    }
    // The organiser follows the legislation category.
    if let Some((_, legislation)) = ids.iter().find(|(s, _)| *s == "legislation-and-epr") {
        following::follow(
            state,
            &organiser,
            following::Target::Category,
            *legislation,
            Some(Level::All),
        )
        .await
        .map_err(fail("follow"))?;
    }
    if let Some(eco_week) = eco_week {
        let category = categories::for_event(state, &organiser, eco_week)
            .await
            .map_err(fail("ECO week"))?;
        if let Some(asker) = member(state, "timur.seitkali@circula.example").await? {
            topics::open(
                state,
                &asker,
                TopicInput {
                    category_id: category,
                    title: "Question for the landfill gas session: payback time?".into(),
                    body: "For a landfill of 2 million m³ in Shymkent: how many years until a gas collection system pays for itself, with and without selling electricity?".into(),
                    tags: vec!["landfill-gas".into()],
                    topics: Vec::new(),
                },
            )
            .await
            .map_err(fail("ECO week question"))?;
        }
    }
    Ok(true)
}
