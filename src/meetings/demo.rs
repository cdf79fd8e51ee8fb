//! Example content: the ECO week's B2B programme between German companies and Kazakh
//! organisations (two groups, two afternoons in Almaty time, which is morning in Germany),
//! with cooperation profiles in four languages, requests in every state, a schedule computed
//! by the scheduler and published, and feedback after the meetings.
//!
//! Everything goes through the capability's own functions, as an organiser and the
//! participants would do it. Loading is idempotent: an event that has a programme is left
//! alone.

use super::model::{
    Direction, ItemInput, ItemKind, Mode, Preference, ProfileInput, RoomKind, Rule, SettingsInput,
    Window,
};
use super::{bookings, db, planning, profiles, requests};
use crate::state::AppState;
use crate::web::identity::CurrentMember;

const ORGANISER: &str = "aigerim.saparova@circula.example";

/// An offer or request: direction, kind, title, description, topics, countries.
type DemoItem = (
    Direction,
    ItemKind,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

struct Participant {
    email: &'static str,
    group: &'static str,
    organisation: &'static str,
    pitch: &'static str,
    languages: &'static [&'static str],
    items: &'static [DemoItem],
}

use Direction::{Offer, Request};
use ItemKind::{Expertise, Investment, Partnership, Service, Technology};

const PARTICIPANTS: [Participant; 8] = [
    Participant {
        email: "markus.weber@circula.example",
        group: "a",
        organisation: "Kreislauf Technik GmbH",
        pitch: "Wir bauen Sortieranlagen für Kunststoffe und Papier, von 5.000 bis 60.000 Tonnen im Jahr, und suchen Partner für Montage und Service in Kasachstan.",
        languages: &["de", "en", "ru"],
        items: &[
            (
                Offer,
                Technology,
                "Sorting lines for plastics and paper",
                "Near-infrared sorting, balers, turnkey lines for mid-sized cities.",
                &["sorting", "recycling", "equipment"],
                &["KZ", "UZ"],
            ),
            (
                Request,
                Partnership,
                "Local partner for installation and service",
                "An engineering company in Almaty or Astana for installation and maintenance.",
                &["equipment"],
                &["KZ"],
            ),
        ],
    },
    Participant {
        email: "sabine.koch@circula.example",
        group: "a",
        organisation: "Umweltcluster Bayern",
        pitch: "Das Netzwerk der bayerischen Umwelttechnik: Deponiegas, Sanierung, Beratung von Kommunen.",
        languages: &["de", "en"],
        items: &[
            (
                Offer,
                Expertise,
                "Landfill gas capture and remediation",
                "Planning and monitoring of landfill gas systems; closure of old dumps.",
                &["landfill", "waste-to-energy"],
                &["KZ"],
            ),
            (
                Request,
                Partnership,
                "Municipalities for pilot projects",
                "Cities ready to pilot landfill remediation with German support.",
                &["landfill", "municipal-services"],
                &["KZ"],
            ),
        ],
    },
    Participant {
        email: "jonas.hartmann@circula.example",
        group: "a",
        organisation: "Kreislauf Technik GmbH",
        pitch: "Schulungen für das Personal von Sortieranlagen, vor Ort und online.",
        languages: &["de", "en"],
        items: &[(
            Offer,
            Service,
            "Training for sorting plant operators",
            "Two-week courses in Russian with interpreters, and online refreshers.",
            &["sorting", "education"],
            &["KZ"],
        )],
    },
    Participant {
        email: "olga.ivanova@circula.example",
        group: "b",
        organisation: "EcoRecycling Almaty",
        pitch: "Собираем и сортируем упаковку в Алматы: 12 000 тонн в год, растём на 20 % в год.",
        languages: &["ru", "kk", "en"],
        items: &[
            (
                Request,
                Technology,
                "Сортировочная линия для ПЭТ и картона",
                "Линия на 20 000 тонн в год с оптической сортировкой.",
                &["sorting", "recycling"],
                &["DE"],
            ),
            (
                Offer,
                Partnership,
                "Сбор упаковки в Алматы",
                "Партнёрство для производителей по расширенной ответственности (РОП).",
                &["waste-collection", "legislation-epr"],
                &["DE", "KZ"],
            ),
        ],
    },
    Participant {
        email: "daulet.nurlanuly@circula.example",
        group: "b",
        organisation: "Akimat of Taraz",
        pitch: "Тараз қаласының экологиялық тұжырымдамасы: жаңа полигон, бөлек жинау, ескі үйінділерді жабу.",
        languages: &["kk", "ru"],
        items: &[
            (
                Request,
                Investment,
                "Инвестиции в новый полигон Тараза",
                "Санитарный полигон и сортировка на 150 000 тонн в год.",
                &["landfill", "sorting"],
                &["DE"],
            ),
            (
                Request,
                Expertise,
                "Рекультивация старых свалок",
                "Опыт закрытия и рекультивации свалок.",
                &["landfill"],
                &["DE"],
            ),
        ],
    },
    Participant {
        email: "yerlan.abenov@circula.example",
        group: "b",
        organisation: "KazWaste Association",
        pitch: "Ассоциация 40 компаний отрасли: знаем рынок, правила и людей.",
        languages: &["ru", "kk", "en"],
        items: &[
            (
                Offer,
                Partnership,
                "Access to 40 waste-management companies",
                "Introductions, market data and joint delegations.",
                &["waste-collection", "recycling"],
                &["KZ"],
            ),
            (
                Request,
                Technology,
                "Equipment for our members",
                "Balers, shredders and sorting lines at fair prices.",
                &["equipment"],
                &["DE"],
            ),
        ],
    },
    Participant {
        email: "asel.tulegenova@circula.example",
        group: "b",
        organisation: "Circular Economy Lab, Al-Farabi KazNU",
        pitch: "Исследуем морфологию ТБО и расширенную ответственность производителей.",
        languages: &["ru", "kk", "en", "de"],
        items: &[
            (
                Offer,
                Expertise,
                "Morphology studies of municipal waste",
                "Waste composition analyses for feasibility studies.",
                &["research", "waste-collection"],
                &["KZ"],
            ),
            (
                Request,
                Partnership,
                "Research partners in Germany",
                "Joint projects and student exchange on EPR.",
                &["research", "legislation-epr"],
                &["DE"],
            ),
        ],
    },
    Participant {
        email: "timur.seitkali@circula.example",
        group: "b",
        organisation: "Green Steppe",
        pitch: "Қалдықтарды бөлек жинау туралы мектептер мен аулаларда ағарту жұмысы.",
        languages: &["kk", "ru"],
        items: &[(
            Request,
            Expertise,
            "Campaigns on separate collection",
            "Materials and methods that worked in German cities.",
            &["education", "waste-collection"],
            &["DE"],
        )],
    },
];

/// Requests: from, to, message, and what became of them.
enum Outcome {
    Accepted,
    Declined(&'static str),
    Pending,
}

const REQUESTS: [(&str, &str, &str, Outcome); 9] = [
    (
        "markus.weber",
        "olga.ivanova",
        "Ihre Anfrage nach einer Sortierlinie passt genau zu uns.",
        Outcome::Accepted,
    ),
    (
        "markus.weber",
        "yerlan.abenov",
        "Could your members use our balers?",
        Outcome::Accepted,
    ),
    (
        "sabine.koch",
        "daulet.nurlanuly",
        "Deponiegas in Taraz: sprechen wir über ein Pilotprojekt.",
        Outcome::Accepted,
    ),
    (
        "jonas.hartmann",
        "olga.ivanova",
        "Training for your new line's operators.",
        Outcome::Accepted,
    ),
    (
        "asel.tulegenova",
        "sabine.koch",
        "Давайте обсудим совместный проект по РОП.",
        Outcome::Accepted,
    ),
    (
        "yerlan.abenov",
        "jonas.hartmann",
        "Обучение для персонала наших компаний.",
        Outcome::Accepted,
    ),
    (
        "daulet.nurlanuly",
        "markus.weber",
        "Сортировка для нового полигона Тараза.",
        Outcome::Accepted,
    ),
    (
        "jonas.hartmann",
        "timur.seitkali",
        "Schulungsmaterial für Schulen?",
        Outcome::Declined("Біз тек мектептермен жұмыс істейміз, рахмет!"),
    ),
    (
        "timur.seitkali",
        "sabine.koch",
        "Городские кампании по раздельному сбору.",
        Outcome::Pending,
    ),
];

fn email(name: &str) -> String {
    format!("{name}@circula.example")
}

/// Sets up the ECO week's B2B programme unless it has one; answers whether it did.
pub async fn load(state: &AppState, event_id: i64) -> anyhow::Result<bool> {
    if db::settings(&state.db, event_id).await?.is_some() {
        return Ok(false);
    }
    let fail = |what: &str, e: crate::web::error::AppError| {
        anyhow::anyhow!("demo B2B {what}: {}", e.code())
    };
    let Some(organiser) = CurrentMember::acting_as(&state.db, ORGANISER).await? else {
        return Ok(false);
    };
    let window = |date: &str, from: &str, to: &str| Window {
        date: date.into(),
        from: from.into(),
        to: to.into(),
    };
    let settings = SettingsInput {
        enabled: true,
        meeting_minutes: 20,
        break_minutes: 5,
        windows: vec![
            window("2023-02-23", "14:00", "17:00"),
            window("2023-02-24", "10:00", "12:00"),
        ],
        max_meetings: 8,
        rule: Rule::Groups,
        group_a: "Foreign companies".into(),
        group_b: "Local organisations".into(),
        request_deadline: Some("2023-02-22T18:00".into()),
        request_ttl_minutes: None,
        max_pending: 10,
        mode: Mode::Auto,
        room_kind: RoomKind::Link,
        room_base: "https://meet.jit.si".into(),
        jitsi_app_id: String::new(),
        jitsi_secret: String::new(),
    };
    // The deadline is long past: requests are made first, then the deadline set.
    let open = SettingsInput {
        request_deadline: None,
        ..settings.clone()
    };
    super::programme::save_settings(state, &organiser, event_id, open)
        .await
        .map_err(|e| fail("settings", e))?;
    for p in &PARTICIPANTS {
        let Some(member) = CurrentMember::acting_as(&state.db, p.email).await? else {
            continue;
        };
        let input = ProfileInput {
            organisation: p.organisation.into(),
            pitch: p.pitch.into(),
            languages: p.languages.iter().map(|l| l.to_string()).collect(),
            group: p.group.into(),
            items: p
                .items
                .iter()
                .map(
                    |(direction, kind, title, description, topics, countries)| ItemInput {
                        direction: *direction,
                        kind: *kind,
                        title: (*title).into(),
                        description: (*description).into(),
                        topics: topics.iter().map(|t| t.to_string()).collect(),
                        countries: countries.iter().map(|c| c.to_string()).collect(),
                    },
                )
                .collect(),
        };
        profiles::save_profile(state, &member, event_id, input)
            .await
            .map_err(|e| fail(p.email, e))?;
    }
    // Daulet would rather not miss Sabine: a "must meet".
    if let (Some(daulet), Some(sabine)) = (
        CurrentMember::acting_as(&state.db, &email("daulet.nurlanuly")).await?,
        CurrentMember::acting_as(&state.db, &email("sabine.koch")).await?,
    ) {
        profiles::set_preference(
            state,
            &daulet,
            event_id,
            sabine.id,
            Some(Preference::MustMeet),
        )
        .await
        .map_err(|e| fail("mark", e))?;
    }
    for (from, to, message, outcome) in &REQUESTS {
        let (Some(from), Some(to)) = (
            CurrentMember::acting_as(&state.db, &email(from)).await?,
            CurrentMember::acting_as(&state.db, &email(to)).await?,
        ) else {
            continue;
        };
        let input = requests::RequestInput {
            to: to.id,
            message: (*message).into(),
            priority: Some(2),
        };
        let id = requests::send(state, &from, event_id, input)
            .await
            .map_err(|e| fail("request", e))?;
        match outcome {
            Outcome::Accepted => {
                requests::accept(state, &to, id, None)
                    .await
                    .map_err(|e| fail("accept", e))?;
            }
            Outcome::Declined(reason) => {
                requests::decline(state, &to, id, reason)
                    .await
                    .map_err(|e| fail("decline", e))?;
            }
            Outcome::Pending => {}
        }
    }
    planning::run(state, &organiser, event_id)
        .await
        .map_err(|e| fail("schedule", e))?;
    planning::publish(state, &organiser, event_id)
        .await
        .map_err(|e| fail("publish", e))?;
    super::programme::save_settings(state, &organiser, event_id, settings)
        .await
        .map_err(|e| fail("deadline", e))?;
    // Feedback after the week: most meetings took place.
    let meetings = db::meetings_in(&state.db, event_id, &["scheduled"]).await?;
    for (i, meeting) in meetings.iter().enumerate() {
        for (side, useful) in [
            (meeting.a_id, 4 + (i % 2) as i64),
            (meeting.b_id, 5 - (i % 3) as i64),
        ] {
            let email: Option<String> =
                sqlx::query_scalar("SELECT email FROM members WHERE id = $1")
                    .bind(side)
                    .fetch_optional(&state.db.pool)
                    .await?;
            let Some(member) = (match email {
                Some(email) => CurrentMember::acting_as(&state.db, &email).await?,
                None => None,
            }) else {
                continue;
            };
            let took_place = i % 4 != 3;
            let input = bookings::FeedbackInput {
                took_place,
                usefulness: took_place.then_some(useful),
                follow_up: took_place && i % 2 == 0,
                comment: String::new(),
            };
            bookings::feedback(state, &member, meeting.id, input)
                .await
                .map_err(|e| fail("feedback", e))?;
        }
    }
    Ok(true)
}
