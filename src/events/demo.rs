//! Example content: the ECO week of 21–24 February 2023, four days of online sessions on
//! waste management and the circular economy in Kazakhstan, held in Almaty's time (UTC+6 in
//! 2023) with German partners joining from Europe/Berlin (UTC+1 in February).

use std::collections::HashMap;

use super::{EventInput, MaterialInput, QuestionInput, SessionInput, SpeakerInput, TextInput};
use crate::state::AppState;
use crate::web::identity::CurrentMember;

pub const ECO_WEEK_TITLE: &str = "ECO week 2023: waste management and circular economy";

struct DemoSession {
    day: &'static str,
    start: &'static str,
    end: &'static str,
    kind: super::model::SessionKind,
    track: &'static str,
    room: &'static str,
    title: &'static str,
    description: &'static str,
    languages: &'static [&'static str],
    interpretation: &'static [&'static str],
    /// Member emails, or guests as "Name — bio".
    speakers: &'static [&'static str],
    slug: &'static str,
    capacity: Option<i64>,
    materials: &'static [(&'static str, &'static str)],
}

use super::model::SessionKind::{B2b, Networking, Panel, Talk, Workshop};

const POLICY: &str = "Policy and regulation";
const PRACTICE: &str = "Technology and practice";
const B2B: &str = "B2B meetings";
const ROOM_A: &str = "Virtual room A";
const ROOM_B: &str = "Virtual room B";

const SESSIONS: [DemoSession; 12] = [
    DemoSession {
        day: "2023-02-21",
        start: "14:00",
        end: "14:30",
        kind: Talk,
        track: POLICY,
        room: ROOM_A,
        title: "Opening of the ECO week 2023",
        description: "Welcome by the German-Kazakh chamber of commerce and the Ministry of Ecology: why waste is the first field of German-Kazakh cooperation on the circular economy.",
        languages: &["ru", "de"],
        interpretation: &["de", "ru"],
        speakers: &["aigerim.saparova@circula.example"],
        slug: "opening",
        capacity: None,
        materials: &[],
    },
    DemoSession {
        day: "2023-02-21",
        start: "14:30",
        end: "16:00",
        kind: Panel,
        track: POLICY,
        room: ROOM_A,
        title: "Extended producer responsibility under Kazakhstan's Environmental Code",
        description: "Two years after the new **Environmental Code** came into force: what producers and importers pay, what the operator ROP does with it, and what municipalities see of it.",
        languages: &["ru"],
        interpretation: &["de", "en"],
        speakers: &[
            "olga.ivanova@circula.example",
            "daulet.nurlanuly@circula.example",
            "Gulnara Bekova — Ministry of Ecology and Natural Resources, waste policy department",
        ],
        slug: "epr-panel",
        capacity: None,
        materials: &[(
            "Environmental Code of the Republic of Kazakhstan (adilet.zan.kz)",
            "https://adilet.zan.kz/rus/docs/K2100000400",
        )],
    },
    DemoSession {
        day: "2023-02-21",
        start: "16:15",
        end: "17:30",
        kind: Talk,
        track: PRACTICE,
        room: ROOM_B,
        title: "The EU Waste Framework Directive and Germany's Circular Economy Act in practice",
        description: "The five-step waste hierarchy, separate collection and recycling quotas: how German municipalities and companies apply them, and what transfers to Kazakhstan.",
        languages: &["de"],
        interpretation: &["ru"],
        speakers: &["sabine.koch@circula.example"],
        slug: "eu-framework",
        capacity: None,
        materials: &[(
            "Directive 2008/98/EC (EUR-Lex)",
            "https://eur-lex.europa.eu/eli/dir/2008/98/oj",
        )],
    },
    DemoSession {
        day: "2023-02-22",
        start: "14:00",
        end: "15:30",
        kind: Talk,
        track: POLICY,
        room: ROOM_A,
        title: "The environmental concept for the city of Taraz",
        description: "The akimat of Taraz presents its environmental concept: a new sanitary landfill, sorting lines, and the closure of the old dump site. Questions from German and Kazakh experts.",
        languages: &["ru"],
        interpretation: &["de"],
        speakers: &[
            "asel.tulegenova@circula.example",
            "Nurlan Abdikarimov — Akimat of Taraz, department of natural resources",
        ],
        slug: "taraz-concept",
        capacity: None,
        materials: &[],
    },
    DemoSession {
        day: "2023-02-22",
        start: "15:45",
        end: "17:00",
        kind: Workshop,
        track: PRACTICE,
        room: ROOM_B,
        title: "Collection and sorting for mid-sized cities",
        description: "A hands-on workshop: container systems, collection routes and sorting for cities of 300,000 people, with examples from Saxony and Zhambyl region.",
        languages: &["ru", "de"],
        interpretation: &["de", "ru"],
        speakers: &[
            "markus.weber@circula.example",
            "timur.seitkali@circula.example",
        ],
        slug: "collection-workshop",
        capacity: Some(30),
        materials: &[],
    },
    DemoSession {
        day: "2023-02-22",
        start: "17:00",
        end: "18:00",
        kind: Networking,
        track: B2B,
        room: ROOM_A,
        title: "Virtual coffee: municipalities meet companies",
        description: "Informal conversations in small breakout rooms.",
        languages: &["ru", "de", "en"],
        interpretation: &[],
        speakers: &[],
        slug: "virtual-coffee",
        capacity: Some(40),
        materials: &[],
    },
    DemoSession {
        day: "2023-02-23",
        start: "14:00",
        end: "15:30",
        kind: Talk,
        track: PRACTICE,
        room: ROOM_A,
        title: "Landfill gas capture and use: German experience on Kazakh landfills",
        description: "Degassing, flaring and power generation: results of two pilot projects and what they cost.",
        languages: &["de", "ru"],
        interpretation: &["ru", "de"],
        speakers: &[
            "jonas.hartmann@circula.example",
            "yerlan.abenov@circula.example",
        ],
        slug: "landfill-gas",
        capacity: None,
        materials: &[],
    },
    DemoSession {
        day: "2023-02-23",
        start: "15:45",
        end: "17:15",
        kind: Panel,
        track: POLICY,
        room: ROOM_A,
        title: "Recycling markets in Central Asia: plastics, paper, glass",
        description: "Prices, offtakers and quality requirements for secondary raw materials between Almaty, Tashkent and Europe.",
        languages: &["ru", "en"],
        interpretation: &["de"],
        speakers: &[
            "daulet.nurlanuly@circula.example",
            "Dilnoza Karimova — Uzbek recycling association",
        ],
        slug: "recycling-markets",
        capacity: None,
        materials: &[],
    },
    DemoSession {
        day: "2023-02-23",
        start: "14:00",
        end: "17:00",
        kind: B2b,
        track: B2B,
        room: ROOM_B,
        title: "B2B block 1: German technology providers meet Kazakh operators",
        description: "Pre-arranged one-to-one talks of 20 minutes with interpreters. Book your meetings in the B2B area.",
        languages: &["de", "ru"],
        interpretation: &["de", "ru"],
        speakers: &[],
        slug: "b2b-1",
        capacity: Some(24),
        materials: &[],
    },
    DemoSession {
        day: "2023-02-24",
        start: "14:00",
        end: "15:30",
        kind: Workshop,
        track: PRACTICE,
        room: ROOM_A,
        title: "Financing waste infrastructure: development banks and public-private partnerships",
        description: "How municipal projects get financed: EBRD, KfW and PPP models, with the bankable project checklist.",
        languages: &["en", "ru"],
        interpretation: &["ru", "de"],
        speakers: &["Anna Lehmann — KfW Development Bank, Central Asia desk"],
        slug: "financing",
        capacity: Some(50),
        materials: &[],
    },
    DemoSession {
        day: "2023-02-24",
        start: "14:00",
        end: "16:00",
        kind: B2b,
        track: B2B,
        room: ROOM_B,
        title: "B2B block 2: recyclers and municipalities",
        description: "One-to-one talks between recyclers, equipment suppliers and municipal utilities.",
        languages: &["de", "ru"],
        interpretation: &["de", "ru"],
        speakers: &[],
        slug: "b2b-2",
        capacity: Some(24),
        materials: &[],
    },
    DemoSession {
        day: "2023-02-24",
        start: "16:00",
        end: "16:45",
        kind: Talk,
        track: POLICY,
        room: ROOM_A,
        title: "Closing: results of the ECO week and next steps",
        description: "What we agreed, who follows up with whom, and the date of the next ECO week.",
        languages: &["ru", "de"],
        interpretation: &["de", "ru"],
        speakers: &["aigerim.saparova@circula.example"],
        slug: "closing",
        capacity: None,
        materials: &[],
    },
];

async fn member(state: &AppState, email: &str) -> anyhow::Result<Option<CurrentMember>> {
    Ok(CurrentMember::acting_as(&state.db, email).await?)
}

/// The ECO week's id, once loaded.
pub async fn eco_week(state: &AppState) -> anyhow::Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT event_id FROM event_texts WHERE title = $1")
            .bind(ECO_WEEK_TITLE)
            .fetch_optional(&state.db.pool)
            .await?,
    )
}

/// Loads the ECO week unless it is there; returns whether it created it.
pub async fn load(state: &AppState) -> anyhow::Result<bool> {
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM event_texts WHERE title = $1")
        .bind(ECO_WEEK_TITLE)
        .fetch_one(&state.db.pool)
        .await?;
    if exists > 0 {
        return Ok(false);
    }
    let Some(organiser) = member(state, "aigerim.saparova@circula.example").await? else {
        return Ok(false);
    };
    let fail =
        |what: &str, e: crate::web::error::AppError| anyhow::anyhow!("demo {what}: {}", e.code());
    let mut organiser_ids = vec![organiser.id];
    if let Some(admin) = member(state, "admin@circula.example").await? {
        organiser_ids.push(admin.id);
    }
    let text = |locale: &str, title: &str, description: &str| TextInput {
        locale: locale.into(),
        title: title.into(),
        description: description.into(),
    };
    let input = EventInput {
        texts: Some(vec![
            text(
                "en",
                ECO_WEEK_TITLE,
                "Four days of online sessions on waste management and the circular economy in Kazakhstan, with German partners: policy, practice, the environmental concept of Taraz, and B2B talks between German companies and Kazakh operators.\n\nAll sessions take place in virtual rooms; the links appear here for registered members.",
            ),
            text(
                "de",
                "ECO-Woche 2023: Abfallwirtschaft und Kreislaufwirtschaft",
                "Vier Tage Online-Sessions zur Abfall- und Kreislaufwirtschaft in Kasachstan mit deutschen Partnern: Politik, Praxis, das Umweltkonzept von Taras und B2B-Gespräche zwischen deutschen Unternehmen und kasachischen Betreibern.",
            ),
            text(
                "ru",
                "ЭКО-неделя 2023: управление отходами и экономика замкнутого цикла",
                "Четыре дня онлайн-сессий об управлении отходами и экономике замкнутого цикла в Казахстане с немецкими партнёрами: политика, практика, экологическая концепция города Тараз и B2B-встречи немецких компаний с казахстанскими операторами.",
            ),
            text(
                "kk",
                "ЭКО-апта 2023: қалдықтарды басқару және айналмалы экономика",
                "Қазақстандағы қалдықтарды басқару және айналмалы экономика туралы неміс серіктестерімен төрт күндік онлайн-сессиялар: саясат, тәжірибе, Тараз қаласының экологиялық тұжырымдамасы және B2B кездесулер.",
            ),
        ]),
        starts_on: Some("2023-02-21".into()),
        ends_on: Some("2023-02-24".into()),
        timezone: Some("Asia/Almaty".into()),
        default_locale: Some("ru".into()),
        organiser_ids: Some(organiser_ids),
        questions: Some(vec![
            QuestionInput {
                id: None,
                label: "Which kind of organisation do you represent?".into(),
                kind: super::model::QuestionKind::Choice,
                options: vec![
                    "Company".into(),
                    "Municipality or public body".into(),
                    "Research".into(),
                    "NGO or association".into(),
                ],
                required: false,
            },
            QuestionInput {
                id: None,
                label: "What would you like to take away from the ECO week?".into(),
                kind: super::model::QuestionKind::Text,
                options: Vec::new(),
                required: false,
            },
        ]),
        ..EventInput::default()
    };
    // Registration was open while the event ran; it is over now, so close it afterwards.
    let event_id = super::create_event(state, &organiser, input)
        .await
        .map_err(|e| fail("event", e))?;
    let mut speakers_cache: HashMap<&str, Option<i64>> = HashMap::new();
    for s in &SESSIONS {
        let mut speakers = Vec::new();
        for speaker in s.speakers {
            if speaker.contains('@') {
                let id = match speakers_cache.get(speaker) {
                    Some(id) => *id,
                    None => {
                        let id = member(state, speaker).await?.map(|m| m.id);
                        speakers_cache.insert(speaker, id);
                        id
                    }
                };
                if let Some(id) = id {
                    speakers.push(SpeakerInput {
                        member_id: Some(id),
                        ..SpeakerInput::default()
                    });
                }
            } else if let Some((name, bio)) = speaker.split_once(" — ") {
                speakers.push(SpeakerInput {
                    member_id: None,
                    name: Some(name.into()),
                    bio: Some(bio.into()),
                });
            }
        }
        let input = SessionInput {
            title: Some(s.title.into()),
            description: Some(s.description.into()),
            kind: Some(s.kind),
            track: Some(s.track.into()),
            room: Some(s.room.into()),
            starts_at: Some(format!("{}T{}", s.day, s.start)),
            ends_at: Some(format!("{}T{}", s.day, s.end)),
            languages: Some(s.languages.iter().map(|l| l.to_string()).collect()),
            interpretation: Some(s.interpretation.iter().map(|l| l.to_string()).collect()),
            join_url: Some(format!(
                "https://meet.jit.si/circula-eco-week-2023-{}",
                s.slug
            )),
            recording_url: None,
            capacity: Some(s.capacity),
            speakers: Some(speakers),
            materials: Some(
                s.materials
                    .iter()
                    .map(|(title, url)| MaterialInput {
                        title: (*title).into(),
                        url: (*url).into(),
                    })
                    .collect(),
            ),
        };
        super::add_session(state, &organiser, event_id, input)
            .await
            .map_err(|e| fail(s.slug, e))?;
    }
    // Participants and their sessions, as they stood at the end of the week.
    let schedule = super::schedule(state, event_id)
        .await
        .map_err(|e| fail("schedule", e))?;
    let sessions: Vec<(i64, String)> = schedule
        .map(|s| {
            s.sessions
                .iter()
                .map(|x| (x.row.id, x.row.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    let emails: Vec<String> = sqlx::query_scalar(
        "SELECT email FROM members WHERE email LIKE '%@circula.example' ORDER BY id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let mut tx = state.db.pool.begin().await?;
    for (i, email) in emails.iter().enumerate() {
        let Some(m) = member(state, email).await? else {
            continue;
        };
        super::db::register_event(&mut tx, event_id, m.id, &[]).await?;
        for (j, (session_id, _)) in sessions.iter().enumerate() {
            if (i + j) % 3 != 0 {
                super::db::insert_seat(
                    &mut tx,
                    *session_id,
                    m.id,
                    super::model::SeatStatus::Registered,
                )
                .await?;
            }
        }
    }
    for (session_id, title) in &sessions {
        if title.starts_with("Opening") || title.starts_with("The environmental concept") {
            sqlx::query("UPDATE event_sessions SET recording_url = $2 WHERE id = $1")
                .bind(session_id)
                .bind(format!(
                    "https://video.circula.example/eco-week-2023/{session_id}"
                ))
                .execute(&mut *tx)
                .await?;
        }
    }
    sqlx::query("UPDATE events SET registration = 'closed' WHERE id = $1")
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    super::changed(state, event_id).await?;
    Ok(true)
}
