//! Example documents for the demo: short summaries written for it (not the official texts),
//! uploaded as Markdown, HTML and text files by demo members. Idempotent: a title that exists
//! is left alone.

use super::{Format, MetadataInput, blobs, db, model};
use crate::state::AppState;

struct DemoDoc {
    uploader: &'static str,
    file_name: &'static str,
    title: &'static str,
    authors: &'static str,
    year: i64,
    doc_type: &'static str,
    languages: &'static [&'static str],
    topics: &'static [&'static str],
    tags: &'static [&'static str],
    visibility: &'static str,
    body: &'static str,
}

const DOCS: [DemoDoc; 4] = [
    DemoDoc {
        uploader: "aigerim.saparova@circula.example",
        file_name: "ekologicheskiy-kodeks-othody.md",
        title: "Экологический кодекс Республики Казахстан: обращение с отходами (краткий обзор)",
        authors: "KazWaste Association",
        year: 2021,
        doc_type: "law",
        languages: &["ru"],
        topics: &["legislation-epr", "waste-collection", "landfill"],
        tags: &["экокодекс", "рор"],
        visibility: "public",
        body: "# Экологический кодекс: отходы\n\n\
Экологический кодекс Республики Казахстан, вступивший в силу 1 июля 2021 года, устанавливает \
иерархию обращения с отходами: предотвращение образования, подготовка к повторному использованию, \
переработка, утилизация и только затем удаление.\n\n\
## Основные положения\n\n\
- Запрет на захоронение на полигонах пластмассы, макулатуры, стеклобоя и пищевых отходов.\n\
- Расширенные обязательства производителей (импортёров), РОП: плата за утилизацию упаковки.\n\
- Раздельный сбор твёрдых бытовых отходов в городах.\n\
- Требования к полигонам: учёт, мониторинг, рекультивация.\n\n\
Органы местного самоуправления разрабатывают программы управления коммунальными отходами.\n",
    },
    DemoDoc {
        uploader: "markus.weber@circula.example",
        file_name: "eu-waste-framework-directive.html",
        title: "EU-Abfallrahmenrichtlinie 2008/98/EG – Überblick / Waste Framework Directive overview",
        authors: "Kreislauf Technik GmbH",
        year: 2023,
        doc_type: "guide",
        languages: &["de", "en"],
        topics: &["legislation-epr", "recycling", "circular-economy"],
        tags: &["eu", "abfallhierarchie"],
        visibility: "public",
        body: "<!doctype html><html lang=\"de\"><head><title>Abfallrahmenrichtlinie</title></head><body>\
<h1>Die Abfallrahmenrichtlinie der EU</h1>\
<p>Die Richtlinie 2008/98/EG legt die fünfstufige Abfallhierarchie fest: Vermeidung, Vorbereitung \
zur Wiederverwendung, Recycling, sonstige Verwertung und Beseitigung. Sie führt die erweiterte \
Herstellerverantwortung ein und verlangt die getrennte Sammlung von Papier, Metall, Kunststoff und \
Glas sowie von Bioabfällen.</p>\
<h2>Overview in English</h2>\
<p>The Waste Framework Directive sets recycling targets for municipal waste of 55 % by 2025, \
60 % by 2030 and 65 % by 2035, and defines when waste ceases to be waste.</p>\
</body></html>",
    },
    DemoDoc {
        uploader: "admin@circula.example",
        file_name: "taraz-environmental-concept.txt",
        title: "Environmental concept for the city of Taraz (ECO week 2023)",
        authors: "Akimat of Taraz",
        year: 2023,
        doc_type: "concept",
        languages: &["en"],
        topics: &["municipal-services", "waste-collection", "composting"],
        tags: &["taraz", "eco week"],
        visibility: "members",
        body: "Environmental concept for the city of Taraz\n\n\
Presented at the ECO week, 21-24 February 2023.\n\n\
1. Separate collection of recyclables in all districts by 2025, with container sites for paper, \
plastics and glass.\n\
2. A sorting line at the city landfill and the closure of unauthorised dumps.\n\
3. Composting of green waste from parks and markets.\n\
4. Education campaigns in schools with partners from Germany.\n",
    },
    DemoDoc {
        uploader: "aigerim.saparova@circula.example",
        file_name: "qaldyqtar-zhinau.txt",
        title: "Қалдықтарды бөлек жинау: тұрғындарға арналған нұсқаулық",
        authors: "EcoRecycling Almaty",
        year: 2022,
        doc_type: "guide",
        languages: &["kk"],
        topics: &["sorting", "waste-collection", "education"],
        tags: &["сұрыптау"],
        visibility: "public",
        body: "Қалдықтарды бөлек жинау\n\n\
Пластик, қағаз және шыны қалдықтарды арнайы контейнерлерге салыңыз. \
Тағам қалдықтарын компостқа жіберуге болады. Қайта өңдеу қоршаған ортаны қорғайды.\n",
    },
];

/// Loads the example documents; returns how many were added.
pub async fn load_demo(state: &AppState) -> anyhow::Result<usize> {
    let mut added = 0;
    for doc in &DOCS {
        if db::find_by_title(&state.db, doc.title).await?.is_some() {
            continue;
        }
        let Some(uploader) = crate::accounts::find_by_email(&state.db, doc.uploader).await? else {
            continue;
        };
        let format = Format::from_name(doc.file_name).expect("demo files have known formats");
        let input = MetadataInput {
            title: Some(doc.title.into()),
            authors: Some(doc.authors.into()),
            year: Some(doc.year.into()),
            doc_type: Some(doc.doc_type.into()),
            languages: Some(doc.languages.iter().map(|s| s.to_string()).collect()),
            topics: Some(doc.topics.iter().map(|s| s.to_string()).collect()),
            tags: Some(doc.tags.iter().map(|s| s.to_string()).collect()),
            visibility: Some(doc.visibility.into()),
            description: None,
        };
        let meta = super::metadata::parse_metadata(state, input, None, None)
            .await
            .map_err(|e| anyhow::anyhow!("demo document {}: {}", doc.title, e.code()))?;
        let stored = blobs::put_bytes(&state.db, doc.body.as_bytes()).await?;
        let id = meta
            .insert(
                &state.db,
                "file",
                None,
                uploader.id,
                Some(&db::NewVersion {
                    blob_id: &stored.blob_id,
                    file_name: &model::safe_file_name(doc.file_name, format),
                    format: format.as_str(),
                    size: stored.size,
                    sha256: &stored.sha256,
                }),
            )
            .await?;
        if let Some(version_id) = db::document(&state.db, id)
            .await?
            .and_then(|r| r.version_id)
        {
            super::files::run_extraction(state, id, version_id).await;
        }
        added += 1;
    }
    super::following::refresh(state).await;
    Ok(added)
}
