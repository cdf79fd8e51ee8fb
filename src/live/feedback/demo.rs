//! Example content: the ECO week's feedback — ratings with comments on its sessions in the
//! community's four languages, and the survey that went out after the week (an overall
//! rating, the most useful format, whether one would come again, what to improve) with the
//! participants' answers. Loading is idempotent: when the week has a survey, nothing is added.

use std::collections::BTreeMap;

use super::db;
use super::model::{Answer, AnswerKind, Question, Survey, default_times};
use crate::live::model::Texts;
use crate::state::AppState;

fn texts(pairs: [(&str, &str); 4]) -> Texts {
    Texts(
        pairs
            .into_iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn question(kind: AnswerKind, label: Texts, options: Vec<Texts>, required: bool) -> Question {
    Question {
        id: None,
        kind,
        label,
        options,
        required,
    }
}

/// (session title starts with, rating, comment) in the order participants gave them.
const RATINGS: [(&str, i64, &str); 14] = [
    (
        "Landfill gas",
        5,
        "Очень практично: цифры по метану с реальных полигонов, а не теория.",
    ),
    (
        "Landfill gas",
        4,
        "Gute Fallbeispiele. Beim nächsten Mal bitte mehr Zeit für Fragen.",
    ),
    (
        "Landfill gas",
        5,
        "Нақты мысалдар үшін рахмет, әсіресе шағын полигондар туралы.",
    ),
    ("Landfill gas", 4, ""),
    (
        "Landfill gas",
        3,
        "The interpretation into Russian lagged behind the slides.",
    ),
    (
        "Extended producer",
        4,
        "Наконец понятно, куда идут платежи по РОП.",
    ),
    (
        "Extended producer",
        5,
        "Clear overview of the Environmental Code, and the operator answered openly.",
    ),
    (
        "Extended producer",
        3,
        "Zu viel Rechtstext, zu wenig Praxis für Recyclingbetriebe.",
    ),
    ("Extended producer", 4, ""),
    (
        "Recycling markets",
        5,
        "Нарықтар бойынша ең пайдалы сессия болды.",
    ),
    (
        "Recycling markets",
        4,
        "Useful price figures for PET and cardboard.",
    ),
    (
        "Recycling markets",
        4,
        "Спасибо за контакты переработчиков в Шымкенте.",
    ),
    ("Recycling markets", 2, "Glas kam fast gar nicht vor."),
    ("Recycling markets", 5, ""),
];

/// The answers of the participants, in order: overall rating, format (0 sessions, 1 B2B
/// meetings, 2 the library and chat), again (0 yes, 1 maybe, 2 no), and what to improve.
const ANSWERS: [(i64, i64, i64, &str); 9] = [
    (
        5,
        1,
        0,
        "Больше B2B-встреч с акиматами, их было слишком мало.",
    ),
    (4, 0, 0, "Mehr Zeit für Fragen nach den Vorträgen."),
    (5, 1, 0, ""),
    (
        4,
        0,
        1,
        "Sessions in the afternoon in Astana are late evening for nobody, please keep them.",
    ),
    (3, 2, 1, "Аударманың сапасын жақсарту керек."),
    (5, 1, 0, "Записи всех сессий сразу после эфира."),
    (4, 0, 0, ""),
    (
        4,
        1,
        0,
        "Eine Exkursion zu einer Sortieranlage, auch online.",
    ),
    (2, 0, 2, "Too many parallel sessions on Wednesday."),
];

/// Loads the ECO week's feedback; returns whether it added it.
pub async fn load(state: &AppState, eco_week: Option<i64>) -> anyhow::Result<bool> {
    let Some(event_id) = eco_week else {
        return Ok(false);
    };
    if db::survey(&state.db, event_id).await?.is_some() {
        return Ok(false);
    }
    let ends_at: i64 = sqlx::query_scalar("SELECT ends_at FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_one(&state.db.pool)
        .await?;
    let sessions: Vec<(i64, String, i64)> =
        sqlx::query_as("SELECT id, title, ends_at FROM event_sessions WHERE event_id = $1")
            .bind(event_id)
            .fetch_all(&state.db.pool)
            .await?;
    let participants: Vec<i64> = db::participants(&state.db, event_id, false)
        .await?
        .into_iter()
        .map(|p| p.0)
        .collect();
    if participants.is_empty() {
        return Ok(false);
    }
    let mut given: BTreeMap<i64, usize> = BTreeMap::new();
    for (prefix, rating, comment) in RATINGS {
        let Some((session_id, _, session_end)) = sessions.iter().find(|s| s.1.starts_with(prefix))
        else {
            continue;
        };
        let n = given.entry(*session_id).or_default();
        let member = participants[*n % participants.len()];
        *n += 1;
        let at = session_end + (*n as i64) * 7 * 60_000;
        db::put_feedback(&state.db, *session_id, member, rating, comment, at).await?;
    }

    let (remind_at, closes_at) = default_times(ends_at);
    let survey = Survey {
        title: texts([
            ("en", "How was the ECO week?"),
            ("de", "Wie war die ECO-Woche?"),
            ("ru", "Как прошла неделя ECO?"),
            ("kk", "ECO аптасы қалай өтті?"),
        ]),
        opens_at: ends_at,
        remind_at,
        closes_at,
        questions: vec![
            question(
                AnswerKind::Rating,
                texts([
                    ("en", "How would you rate the week overall?"),
                    ("de", "Wie bewerten Sie die Woche insgesamt?"),
                    ("ru", "Как вы оцениваете неделю в целом?"),
                    ("kk", "Аптаны жалпы қалай бағалайсыз?"),
                ]),
                Vec::new(),
                true,
            ),
            question(
                AnswerKind::Choice,
                texts([
                    ("en", "What helped you most?"),
                    ("de", "Was hat Ihnen am meisten gebracht?"),
                    ("ru", "Что было для вас полезнее всего?"),
                    ("kk", "Сізге не көбірек пайдалы болды?"),
                ]),
                vec![
                    texts([
                        ("en", "The online sessions"),
                        ("de", "Die Online-Sitzungen"),
                        ("ru", "Онлайн-сессии"),
                        ("kk", "Онлайн сессиялар"),
                    ]),
                    texts([
                        ("en", "The B2B meetings"),
                        ("de", "Die B2B-Gespräche"),
                        ("ru", "B2B-встречи"),
                        ("kk", "B2B кездесулер"),
                    ]),
                    texts([
                        ("en", "The library and the chat"),
                        ("de", "Die Bibliothek und der Chat"),
                        ("ru", "Библиотека и чат"),
                        ("kk", "Кітапхана мен чат"),
                    ]),
                ],
                false,
            ),
            question(
                AnswerKind::Choice,
                texts([
                    ("en", "Would you take part again next year?"),
                    ("de", "Würden Sie im nächsten Jahr wieder teilnehmen?"),
                    ("ru", "Примете ли вы участие в следующем году?"),
                    ("kk", "Келесі жылы тағы қатысасыз ба?"),
                ]),
                vec![
                    texts([("en", "Yes"), ("de", "Ja"), ("ru", "Да"), ("kk", "Иә")]),
                    texts([
                        ("en", "Maybe"),
                        ("de", "Vielleicht"),
                        ("ru", "Возможно"),
                        ("kk", "Мүмкін"),
                    ]),
                    texts([("en", "No"), ("de", "Nein"), ("ru", "Нет"), ("kk", "Жоқ")]),
                ],
                false,
            ),
            question(
                AnswerKind::Text,
                texts([
                    ("en", "What should we do better next time?"),
                    ("de", "Was sollten wir beim nächsten Mal besser machen?"),
                    ("ru", "Что нам стоит улучшить в следующий раз?"),
                    ("kk", "Келесі жолы нені жақсартуымыз керек?"),
                ]),
                Vec::new(),
                false,
            ),
        ],
    };
    db::put_survey(&state.db, event_id, &survey, ends_at, |_, _| Ok(()))
        .await?
        .map_err(|e| anyhow::anyhow!("demo survey refused: {}", e.code()))?;
    db::mark_sent(&state.db, event_id, ends_at + 60_000, remind_at).await?;
    let ids: Vec<i64> = db::questions(&state.db, event_id)
        .await?
        .iter()
        .map(|q| q.id)
        .collect();
    for (i, (member, (rating, format, again, improve))) in
        participants.iter().zip(ANSWERS).enumerate()
    {
        let mut answers = vec![
            Answer {
                question_id: ids[0],
                rating: Some(rating),
                choice: None,
                text: None,
            },
            Answer {
                question_id: ids[1],
                rating: None,
                choice: Some(format),
                text: None,
            },
            Answer {
                question_id: ids[2],
                rating: None,
                choice: Some(again),
                text: None,
            },
        ];
        if !improve.is_empty() {
            answers.push(Answer {
                question_id: ids[3],
                rating: None,
                choice: None,
                text: Some(improve.to_string()),
            });
        }
        let at = ends_at + (i as i64 + 1) * 5 * 60 * 60_000;
        db::record_response(&state.db, event_id, *member, at, &answers).await?;
    }
    Ok(true)
}
