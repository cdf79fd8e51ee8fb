//! Example content: the ECO week's audience at work — questions to the speakers of the
//! landfill-gas and producer-responsibility sessions in Russian, Kazakh, German and English
//! (answered, one asked anonymously) with their votes, and two closed polls in four languages
//! with their results.
//!
//! Its feedback (ratings of sessions, the survey after the week) is in `feedback/demo.rs`.
//!
//! The week lies in the past, so its questions are written as they stood when it ended,
//! through this capability's queries. Loading is idempotent: when any question exists,
//! nothing is added.

use std::collections::BTreeMap;

use super::db::{self, NewPoll, NewQuestion};
use super::model::{QuestionState, Texts};
use crate::state::AppState;

const LANDFILL: &str = "Landfill gas capture and use: German experience on Kazakh landfills";
const EPR: &str = "Extended producer responsibility under Kazakhstan's Environmental Code";
const MARKETS: &str = "Recycling markets in Central Asia: plastics, paper, glass";

/// (session, author, anonymous, text, answered, voters)
type DemoQuestion = (
    &'static str,
    &'static str,
    bool,
    &'static str,
    bool,
    &'static [&'static str],
);

const QUESTIONS: [DemoQuestion; 7] = [
    (
        LANDFILL,
        "olga.ivanova@circula.example",
        false,
        "Какая доля метана на полигонах Казахстана сегодня улавливается, и кто это измеряет?",
        true,
        &[
            "daulet",
            "markus.weber",
            "asel.tulegenova",
            "timur.seitkali",
            "yerlan.abenov",
            "jonas.hartmann",
        ],
    ),
    (
        LANDFILL,
        "daulet.nurlanuly@circula.example",
        false,
        "Шағын полигондарда (жылына 50 мың тоннадан аз) газ жинау жүйесі өзін ақтай ма?",
        true,
        &[
            "olga.ivanova",
            "yerlan.abenov",
            "asel.tulegenova",
            "sabine.koch",
        ],
    ),
    (
        LANDFILL,
        "timur.seitkali@circula.example",
        true,
        "Who owns the carbon credits when a German operator runs the gas plant on a municipal landfill?",
        false,
        &[
            "markus.weber",
            "olga.ivanova",
            "daulet",
            "jonas.hartmann",
            "asel.tulegenova",
        ],
    ),
    (
        LANDFILL,
        "markus.weber@circula.example",
        false,
        "Welche Mindestmenge an Deponiegas braucht ein Blockheizkraftwerk, damit es wirtschaftlich läuft?",
        true,
        &["jonas.hartmann", "sabine.koch", "yerlan.abenov"],
    ),
    (
        EPR,
        "asel.tulegenova@circula.example",
        false,
        "Как платежи по РОП распределяются между регионами, и могут ли акиматы на них рассчитывать?",
        true,
        &["olga.ivanova", "daulet", "timur.seitkali"],
    ),
    (
        EPR,
        "jonas.hartmann@circula.example",
        false,
        "How does the EPR operator report to producers what their fees paid for?",
        false,
        &["markus.weber", "sabine.koch"],
    ),
    (
        EPR,
        "yerlan.abenov@circula.example",
        false,
        "Қайталама шикізатты өңдеушілерге РОП қаражатынан субсидия алу үшін қандай құжаттар керек?",
        false,
        &["daulet", "asel.tulegenova"],
    ),
];

fn texts(pairs: [(&str, &str); 4]) -> String {
    let map: BTreeMap<String, String> = pairs
        .into_iter()
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .collect();
    Texts(map).to_json()
}

/// Loads the questions, polls and feedback of the ECO week; returns whether it added any.
pub async fn load(state: &AppState, eco_week: Option<i64>) -> anyhow::Result<bool> {
    let questions = load_questions(state, eco_week).await?;
    let feedback = super::feedback::demo::load(state, eco_week).await?;
    Ok(questions || feedback)
}

/// Loads the questions and polls of the ECO week; returns whether it added them.
async fn load_questions(state: &AppState, eco_week: Option<i64>) -> anyhow::Result<bool> {
    let Some(event_id) = eco_week else {
        return Ok(false);
    };
    let any: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM live_questions")
        .fetch_one(&state.db.pool)
        .await?;
    if any > 0 {
        return Ok(false);
    }
    let sessions: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, title, starts_at, ends_at FROM event_sessions WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_all(&state.db.pool)
    .await?;
    let session = |title: &str| sessions.iter().find(|s| s.1 == title).cloned();
    let members: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, email FROM members WHERE email LIKE '%@circula.example'")
            .fetch_all(&state.db.pool)
            .await?;
    let id_of = |handle: &str| {
        members
            .iter()
            .find(|(_, email)| email.starts_with(handle))
            .map(|(id, _)| *id)
    };
    for (minute, (title, author, anonymous, body, answered, voters)) in QUESTIONS.iter().enumerate()
    {
        let (Some((session_id, _, starts_at, _)), Some(author_id)) =
            (session(title), id_of(author))
        else {
            continue;
        };
        let asked_at = starts_at + (minute as i64 + 5) * 60_000;
        let question = NewQuestion {
            session_id,
            author_id,
            anonymous: *anonymous,
            body,
            state: QuestionState::Visible.as_str(),
        };
        let id = db::insert_question(&state.db, question, asked_at).await?;
        for voter in voters.iter().filter_map(|v| id_of(v)) {
            db::vote(&state.db, id, voter, asked_at + 60_000).await?;
        }
        if *answered {
            let state_answered = Some(QuestionState::Answered.as_str());
            let at = asked_at + 20 * 60_000;
            db::moderate_question(&state.db, id, state_answered, None, at).await?;
            // The moderation is in the audit log, as when done through the page.
            if let Some(moderator) = id_of("admin@") {
                let subject = format!("question:{id}");
                crate::store::audit::record_at(
                    &state.db,
                    moderator,
                    "live_question_moderate",
                    &subject,
                    "state=answered",
                    at,
                )
                .await?;
            }
        }
    }
    let polls = [
        (
            LANDFILL,
            "single",
            texts([
                ("en", "Does your city capture landfill gas today?"),
                ("de", "Erfasst Ihre Stadt heute Deponiegas?"),
                ("ru", "Улавливает ли ваш город свалочный газ сегодня?"),
                ("kk", "Сіздің қалаңыз бүгін полигон газын жинай ма?"),
            ]),
            vec![
                texts([
                    ("en", "Yes, on every landfill"),
                    ("de", "Ja, auf jeder Deponie"),
                    ("ru", "Да, на всех полигонах"),
                    ("kk", "Иә, барлық полигонда"),
                ]),
                texts([
                    ("en", "On some landfills"),
                    ("de", "Auf einigen Deponien"),
                    ("ru", "На некоторых полигонах"),
                    ("kk", "Кейбір полигондарда"),
                ]),
                texts([
                    ("en", "Not yet"),
                    ("de", "Noch nicht"),
                    ("ru", "Пока нет"),
                    ("kk", "Әзірге жоқ"),
                ]),
            ],
            [2usize, 1, 2, 2, 1, 2, 0, 2, 1],
        ),
        (
            MARKETS,
            "multiple",
            texts([
                ("en", "Which materials are hardest to sell in your region?"),
                (
                    "de",
                    "Welche Stoffe lassen sich in Ihrer Region am schwersten verkaufen?",
                ),
                (
                    "ru",
                    "Какие материалы труднее всего продать в вашем регионе?",
                ),
                ("kk", "Сіздің өңіріңізде қай материалдарды сату ең қиын?"),
            ]),
            vec![
                texts([
                    ("en", "Mixed plastics"),
                    ("de", "Mischkunststoffe"),
                    ("ru", "Смешанный пластик"),
                    ("kk", "Аралас пластик"),
                ]),
                texts([
                    ("en", "Glass"),
                    ("de", "Glas"),
                    ("ru", "Стекло"),
                    ("kk", "Шыны"),
                ]),
                texts([
                    ("en", "Paper and cardboard"),
                    ("de", "Papier und Pappe"),
                    ("ru", "Бумага и картон"),
                    ("kk", "Қағаз және картон"),
                ]),
                texts([
                    ("en", "Metals"),
                    ("de", "Metalle"),
                    ("ru", "Металлы"),
                    ("kk", "Металдар"),
                ]),
            ],
            [0usize, 1, 0, 1, 0, 2, 0, 1, 3],
        ),
    ];
    let speaker = members.first().map(|(id, _)| *id).unwrap_or_default();
    for (title, kind, question, options, choices) in polls {
        let Some((session_id, _, starts_at, ends_at)) = session(title) else {
            continue;
        };
        let poll = NewPoll {
            session_id,
            kind: if kind == "multiple" {
                "multiple"
            } else {
                "single"
            },
            results: "after_vote",
            question,
            options,
            created_by: speaker,
        };
        let id = db::insert_poll(&state.db, poll, starts_at).await?;
        db::move_poll(&state.db, id, "draft", "open", starts_at + 30 * 60_000).await?;
        let option_ids: Vec<i64> = db::options(&state.db, &[id])
            .await?
            .iter()
            .map(|o| o.id)
            .collect();
        for ((member_id, _), choice) in members.iter().skip(1).zip(choices) {
            let mut chosen = vec![option_ids[choice]];
            if kind == "multiple" && choice == 0 {
                chosen.push(option_ids[1]);
            }
            db::put_ballot(&state.db, id, *member_id, &chosen, starts_at + 35 * 60_000)
                .await?
                .map_err(|_| anyhow::anyhow!("demo poll is not open"))?;
        }
        db::move_poll(&state.db, id, "open", "closed", ends_at).await?;
    }
    Ok(true)
}
