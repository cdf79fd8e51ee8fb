//! The library over HTTP: uploads of every format (files made here), search with stemming,
//! typos, snippets, pages and facets, access levels, bad input, versions, hiding and purging,
//! pages, the command line, and two instances following one change feed.

use crate::common;

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use common::{TestApp, TestMember, assert_error, location};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

both_backends!(
    every_format_is_found_by_a_word_from_its_body,
    members_only_documents_never_reach_anonymous_visitors,
    bad_uploads_are_refused_clearly,
    downloads_cannot_run_in_the_site_origin,
    documents_are_edited_replaced_hidden_and_purged,
    extraction_failures_are_shown_to_the_uploader,
    large_files_are_extracted_in_the_background,
    facets_filters_sort_and_typos,
    links_and_collections,
    pages_list_upload_show_and_edit,
    two_instances_follow_one_change_feed,
    encrypted_pdfs_say_why_and_stay_available,
    organisers_edit_any_document_plain_members_do_not,
    admins_list_restore_and_purge_hidden_documents,
    housekeeping_prunes_the_feed_and_a_late_index_rebuilds,
    housekeeping_sweeps_orphan_chunks_only_when_old,
);

// Files of every format, made here.

fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for (name, content) in members {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(*name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    zip_of(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
        ),
        (
            "word/document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ])
}

fn odt(text: &str) -> Vec<u8> {
    zip_of(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        (
            "content.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>{text}</text:p></office:text></office:body></office:document-content>"#
            ),
        ),
    ])
}

fn pptx(slides: &[&str]) -> Vec<u8> {
    let mut members = vec![(
        "ppt/presentation.xml".to_string(),
        "<p:presentation xmlns:p=\"p\"/>".to_string(),
    )];
    for (i, text) in slides.iter().enumerate() {
        members.push((
            format!("ppt/slides/slide{}.xml", i + 1),
            format!(
                r#"<p:sld xmlns:p="p" xmlns:a="a"><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sld>"#
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = members
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    zip_of(&refs)
}

fn xlsx(text: &str) -> Vec<u8> {
    zip_of(&[
        ("xl/workbook.xml", "<workbook/>"),
        (
            "xl/sharedStrings.xml",
            &format!("<sst><si><t>{text}</t></si></sst>"),
        ),
        (
            "xl/worksheets/sheet1.xml",
            "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>",
        ),
    ])
}

/// A PDF with one page per text (Latin-1 text in a standard font).
fn pdf(pages: &[&str]) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id } });
    let mut kids = Vec::new();
    for text in pages {
        let mut operations = Vec::new();
        if !text.is_empty() {
            operations = vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 14.into()]),
                Operation::new("Td", vec![72.into(), 700.into()]),
                Operation::new("Tj", vec![Object::string_literal(*text)]),
                Operation::new("ET", vec![]),
            ];
        }
        let content = Content { operations };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(Object::from(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A PDF encrypted by the standard security handler (RC4, 128-bit key, revision 3): an
/// /Encrypt dictionary in the trailer, every string and stream encrypted. With a user password
/// readers ask for it; with an empty one they open the file without asking.
fn encrypted_pdf(pages: &[&str], user_password: &str) -> Vec<u8> {
    use lopdf::{Document, EncryptionState, EncryptionVersion, Object, Permissions};
    let mut doc = Document::load_mem(&pdf(pages)).unwrap();
    // The first file identifier is part of the key.
    let id = Object::String(
        b"circula-test-id-".to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-Steppe",
        user_password,
        key_length: 128,
        permissions: Permissions::PRINTABLE,
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert!(
        out.windows(8).any(|w| w == b"/Encrypt"),
        "the trailer names its /Encrypt dictionary"
    );
    out
}

// Helpers.

async fn upload(
    app: &TestApp,
    member: &TestMember,
    file_name: &str,
    bytes: Vec<u8>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    form = form.part("file", Part::bytes(bytes).file_name(file_name.to_string()));
    app.api_as(member)
        .request(reqwest::Method::POST, "/api/v1/library/documents")
        .multipart(form)
        .send()
        .await
        .expect("request")
}

async fn uploaded(
    app: &TestApp,
    member: &TestMember,
    file_name: &str,
    bytes: Vec<u8>,
    fields: &[(&str, &str)],
) -> Value {
    let response = upload(app, member, file_name, bytes, fields).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "upload of {file_name}"
    );
    response.json().await.unwrap()
}

/// `PUT {path}/file`: a new version of a document, as `member`.
async fn replace_file(
    app: &TestApp,
    member: &TestMember,
    path: &str,
    bytes: &[u8],
    name: &str,
) -> reqwest::Response {
    let form = Form::new().part(
        "file",
        Part::bytes(bytes.to_vec()).file_name(name.to_string()),
    );
    app.api_as(member)
        .request(reqwest::Method::PUT, &format!("{path}/file"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn query(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

async fn search(api: &common::Api, params: &str) -> Value {
    api.get_json(&format!("/api/v1/library/search?{params}"))
        .await
}

fn ids(result: &Value) -> Vec<i64> {
    result["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect()
}

fn facet(result: &Value, name: &str, value: &str) -> Option<i64> {
    result["facets"][name]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == value)
        .map(|f| f["count"].as_i64().unwrap())
}

// Tests.

async fn every_format_is_found_by_a_word_from_its_body(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let public = [("visibility", "public")];
    let files: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "code.pdf",
            pdf(&["Introduction", "Landfill gas capture with methane flares"]),
            "methane",
        ),
        (
            "kodeks.docx",
            docx(&["Экологический кодекс", "Переработка отходов производства"]),
            "отходами",
        ),
        ("konzept.odt", odt("Kompostierung der Grünabfälle"), "Grünabfälle"),
        (
            "slides.pptx",
            pptx(&["Welcome", "Agenda", "Pyrolysis of tyres"]),
            "pyrolysis",
        ),
        ("table.xlsx", xlsx("Deponiesickerwasser"), "deponiesickerwasser"),
        ("notes.txt", "Қалдықтарды жинау жүйесі".as_bytes().to_vec(), "жинау"),
        (
            "guide.md",
            "# Guide\n\nSorting *glass* and aluminium cans".as_bytes().to_vec(),
            "aluminium",
        ),
        (
            "page.html",
            "<html><body><p>Extended producer responsibility</p><script>var hidden='scriptword'</script></body></html>"
                .as_bytes()
                .to_vec(),
            "producer",
        ),
    ];
    let mut uploaded_ids = Vec::new();
    for (name, bytes, _) in &files {
        let doc = uploaded(&app, &ana, name, bytes.clone(), &public).await;
        assert_eq!(doc["extraction"], "done", "{name}: {doc}");
        assert_eq!(doc["kind"], "file");
        assert_eq!(doc["file"]["name"], *name);
        uploaded_ids.push(doc["id"].as_i64().unwrap());
    }
    let api = app.api();
    for ((name, _, word), id) in files.iter().zip(&uploaded_ids) {
        let result = search(&api, &format!("q={}", query(word))).await;
        assert_eq!(ids(&result), vec![*id], "{name} by {word}: {result}");
    }
    // The PDF passage is on page 2, and highlighted.
    let result = search(&api, "q=methane").await;
    assert_eq!(result["items"][0]["page"], 2);
    assert!(
        result["items"][0]["snippet_html"]
            .as_str()
            .unwrap()
            .contains("<b>methane</b>")
    );
    // Slides are pages too; scripts in HTML are not text.
    assert_eq!(search(&api, "q=pyrolysis").await["items"][0]["page"], 3);
    assert_eq!(search(&api, "q=scriptword").await["total"], 0);
    // Stemming: English plural, German inflection.
    assert_eq!(ids(&search(&api, "q=flare").await), vec![uploaded_ids[0]]);
    // Both words must match.
    assert_eq!(search(&api, "q=methane+aluminium").await["total"], 0);
}

async fn members_only_documents_never_reach_anonymous_visitors(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let secret = uploaded(
        &app,
        &ana,
        "internal.txt",
        b"Confidential tender for the Shymkent sorting plant".to_vec(),
        &[
            ("title", "Tender draft"),
            ("doc_type", "report"),
            ("year", "2024"),
            ("topics", "sorting"),
        ],
    )
    .await;
    assert_eq!(secret["visibility"], "members", "members only by default");
    let open = uploaded(
        &app,
        &ana,
        "open.txt",
        b"Public summary of the sorting plant".to_vec(),
        &[
            ("visibility", "public"),
            ("doc_type", "study"),
            ("year", "2023"),
            ("topics", "sorting"),
        ],
    )
    .await;
    let secret_id = secret["id"].as_i64().unwrap();
    let anonymous = app.api();
    let member = app.api_as(&ana);

    let result = search(&anonymous, "q=sorting+plant").await;
    assert_eq!(ids(&result), vec![open["id"].as_i64().unwrap()]);
    assert_eq!(facet(&result, "type", "report"), None);
    assert_eq!(facet(&result, "year", "2024"), None);
    assert_eq!(facet(&result, "topic", "sorting"), Some(1));
    let text = result.to_string();
    assert!(!text.contains("Confidential") && !text.contains("Tender"));
    let result = search(&anonymous, "q=confidential").await;
    assert_eq!(result["total"], 0);
    let everything = search(&anonymous, "").await;
    assert_eq!(everything["total"], 1);
    assert_eq!(facet(&everything, "type", "report"), None);

    let result = search(&member, "q=sorting+plant").await;
    assert_eq!(result["total"], 2);
    assert_eq!(facet(&result, "type", "report"), Some(1));
    assert!(result.to_string().contains("Confidential tender"));

    // Nor the document, its file, or the pages.
    let path = format!("/api/v1/library/documents/{secret_id}");
    assert_error(
        anonymous.get(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        anonymous.get(&format!("{path}/file")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        member.get(&format!("{path}/file")).await.status(),
        StatusCode::OK
    );
    let browser = app.browser();
    let page = browser.get(&format!("/library/{secret_id}")).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    let list = browser.get_html("/library?q=sorting").await;
    assert!(list.contains("Public summary") && !list.contains("Tender draft"));
    let list = browser.get_html("/library").await;
    assert!(!list.contains("Tender draft") && !list.contains("Confidential"));
}

async fn bad_uploads_are_refused_clearly(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let html_as_pdf = b"<!doctype html><html><script>alert(1)</script></html>".to_vec();
    let response = upload(&app, &ana, "report.pdf", html_as_pdf, &[]).await;
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "library_content_mismatch",
    )
    .await;
    let exe = [b"MZ\x90\x00\x03".as_slice(), &[0u8; 200]].concat();
    let response = upload(&app, &ana, "notes.txt", exe.clone(), &[]).await;
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "library_content_mismatch",
    )
    .await;
    let response = upload(&app, &ana, "setup.exe", exe, &[]).await;
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "library_file_type",
    )
    .await;
    let response = upload(&app, &ana, "slides.pptx", docx(&["not a deck"]), &[]).await;
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "library_content_mismatch",
    )
    .await;
    let response = upload(&app, &ana, "doc.docx", b"PK\x03\x04broken".to_vec(), &[]).await;
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "library_content_mismatch",
    )
    .await;

    // A zip bomb: a small file that claims to unpack to 80 MB.
    let mut out = Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    writer.start_file("word/document.xml", options).unwrap();
    let spaces = vec![b' '; 1024 * 1024];
    for _ in 0..80 {
        writer.write_all(&spaces).unwrap();
    }
    writer.finish().unwrap();
    let bomb = out.into_inner();
    assert!(bomb.len() < 1024 * 1024);
    let response = upload(&app, &ana, "bomb.docx", bomb, &[]).await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_zip_bomb",
    )
    .await;

    // Metadata is checked, and nothing is stored when it fails.
    let response = upload(&app, &ana, "a.txt", b"text".to_vec(), &[("year", "1492")]).await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "library_year").await;
    let response = upload(
        &app,
        &ana,
        "a.txt",
        b"text".to_vec(),
        &[("topics", "astrology")],
    )
    .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "library_topic").await;
    let response = upload(
        &app,
        &ana,
        "a.txt",
        b"text".to_vec(),
        &[("doc_type", "novel")],
    )
    .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_doc_type",
    )
    .await;
    let response = upload(&app, &ana, "a.txt", Vec::new(), &[]).await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_file_empty",
    )
    .await;
    let response = app
        .api_as(&ana)
        .request(reqwest::Method::POST, "/api/v1/library/documents")
        .multipart(Form::new().text("title", "no file"))
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_file_required",
    )
    .await;
    assert_eq!(search(&app.api_as(&ana), "").await["total"], 0);

    // Guests cannot upload.
    let response = app
        .api()
        .request(reqwest::Method::POST, "/api/v1/library/documents")
        .multipart(Form::new().part("file", Part::bytes(b"x".to_vec()).file_name("a.txt")))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;

    // Hostile names are neutralised.
    // (Control characters cannot even pass a multipart header; the unit tests cover them.)
    let long = format!("../../../etc/{}\u{202e}txt.exe.txt", "x".repeat(1000));
    let doc = uploaded(&app, &ana, &long, b"hostile name".to_vec(), &[]).await;
    let name = doc["file"]["name"].as_str().unwrap();
    assert!(
        name.ends_with(".txt") && name.chars().count() <= 120,
        "{name}"
    );
    assert!(!name.contains('/') && !name.contains("..") && !name.contains('\u{202e}'));
    let doc = uploaded(&app, &ana, "..\\..\\boot.ini\".txt", b"x".to_vec(), &[]).await;
    assert_eq!(doc["file"]["name"], "boot.ini_.txt");
}

/// Raw HTTP, to send a declared length without the body, or a body that never ends.
async fn raw_upload(app: &TestApp, member: &TestMember, head: &str, body: &[u8]) -> String {
    let address = app.address.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let request = format!(
        "POST /api/v1/library/documents HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: multipart/form-data; boundary=XyZ\r\n{head}\r\n",
        member.token
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await;
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut answer))
        .await
        .expect("the server answers without waiting for the rest of the body")
        .unwrap();
    String::from_utf8_lossy(&answer[..n]).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_uploads_are_refused_before_the_body_is_read() {
    let app = TestApp::sqlite_with(|c| c.library_max_upload_bytes = 1024 * 1024).await;
    let ana = app.member("Ana").await;
    // A declared length above the limit: refused before a byte of the body is sent.
    let answer = raw_upload(&app, &ana, "Content-Length: 104857600\r\n", b"").await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("library_file_too_large"), "{answer}");
    // A chunked body that never ends: refused once the file passes the limit.
    let mut body = Vec::new();
    let part =
        b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n";
    body.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
    body.extend_from_slice(part);
    body.extend_from_slice(b"\r\n");
    let chunk = vec![b'a'; 64 * 1024];
    for _ in 0..24 {
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(&chunk);
        body.extend_from_slice(b"\r\n");
    }
    let answer = raw_upload(&app, &ana, "Transfer-Encoding: chunked\r\n", &body).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // Below the limit it is accepted.
    let response = upload(&app, &ana, "ok.txt", vec![b'a'; 500_000], &[]).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

async fn downloads_cannot_run_in_the_site_origin(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let html = "<html><body><p>Recycling</p><script>document.cookie</script></body></html>";
    let doc = uploaded(
        &app,
        &ana,
        "Отчёт \"2023\".html",
        html.as_bytes().to_vec(),
        &[("visibility", "public")],
    )
    .await;
    let response = app
        .api()
        .get(doc["file"]["download"].as_str().unwrap())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers().clone();
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    assert!(
        disposition.contains("filename*=UTF-8''%D0%9E%D1%82"),
        "{disposition}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("sandbox") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(response.bytes().await.unwrap(), html.as_bytes());
    // Asking for inline changes nothing but for PDFs.
    let response = app
        .api()
        .get(&format!(
            "{}?inline=1",
            doc["file"]["download"].as_str().unwrap()
        ))
        .await;
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let pdf_doc = uploaded(
        &app,
        &ana,
        "a.pdf",
        pdf(&["Deponie"]),
        &[("visibility", "public")],
    )
    .await;
    let response = app
        .api()
        .get(&format!(
            "/api/v1/library/documents/{}/file?inline=1",
            pdf_doc["id"]
        ))
        .await;
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    assert_eq!(response.headers()["content-type"], "application/pdf");
    // A large file streams back whole.
    let big: Vec<u8> = (0..700_000u32).map(|i| b'a' + (i % 26) as u8).collect();
    let doc = uploaded(&app, &ana, "big.txt", big.clone(), &[]).await;
    let bytes = app
        .api_as(&ana)
        .get(doc["file"]["download"].as_str().unwrap())
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.len(), big.len());
    assert!(bytes == big);
}

async fn documents_are_edited_replaced_hidden_and_purged(app: TestApp) {
    let admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let bob = app.member("Bob").await;
    let doc = uploaded(
        &app,
        &ana,
        "v1.txt",
        b"Erste Fassung Altglas".to_vec(),
        &[("visibility", "public"), ("languages", "de")],
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    let path = format!("/api/v1/library/documents/{id}");

    // Only the uploader (and organisers, admins) edit.
    let response = app
        .api_as(&bob)
        .patch(&path, &json!({"title": "Mine now"}))
        .await;
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    let response = app
        .api_as(&ana)
        .patch(&path, &json!({"title": "Altglas-Leitfaden", "year": 2022, "doc_type": "guide", "tags": ["glas"]}))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let changed: Value = response.json().await.unwrap();
    assert_eq!(changed["title"], "Altglas-Leitfaden");
    assert_eq!(changed["year"], 2022);
    assert_eq!(changed["languages"], json!(["de"]), "fields left out stay");
    let response = app
        .api_as(&ana)
        .patch(&path, &json!({"year": "soon"}))
        .await;
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "library_year").await;
    let result = search(&app.api(), "q=leitfaden").await;
    assert_eq!(ids(&result), vec![id]);
    assert_eq!(result["items"][0]["doc_type"], "guide");

    // Replacing keeps the earlier version.
    let response = replace_file(&app, &ana, &path, b"Zweite Fassung Weissblech", "v2.txt").await;
    assert_eq!(response.status(), StatusCode::OK);
    let replaced: Value = response.json().await.unwrap();
    let versions = replaced["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["name"], "v2.txt");
    assert_eq!(versions[0]["current"], true);
    assert_eq!(search(&app.api(), "q=weissblech").await["total"], 1);
    assert_eq!(
        search(&app.api(), "q=altglas").await["total"],
        1,
        "still in the title"
    );
    assert_eq!(search(&app.api(), "q=erste").await["total"], 0);
    let old = app
        .api()
        .get(versions[1]["download"].as_str().unwrap())
        .await;
    assert_eq!(
        old.bytes().await.unwrap().as_ref(),
        b"Erste Fassung Altglas"
    );
    let current = app.api().get(&format!("{path}/file")).await;
    assert_eq!(
        current.bytes().await.unwrap().as_ref(),
        b"Zweite Fassung Weissblech"
    );

    // Deleting hides it from everyone but admins; only admins purge.
    assert_error(
        app.api_as(&bob).delete(&path).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.api_as(&ana).delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        app.api().get(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.api_as(&ana).get(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(
        search(&app.api_as(&admin), "q=weissblech").await["total"],
        0
    );
    let hidden = app.api_as(&admin).get_json(&path).await;
    assert_eq!(hidden["hidden"], true);
    let purge = format!("{path}/purge");
    assert_error(
        app.api_as(&ana).post(&purge, &json!({})).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.api_as(&admin).post(&purge, &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        app.api_as(&admin).get(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let chunks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM library_blob_chunks")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(chunks, 0, "purging removes the files");
}

async fn extraction_failures_are_shown_to_the_uploader(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let bob = app.member("Bob").await;
    // A PDF without text, like a scan.
    let doc = uploaded(
        &app,
        &ana,
        "scan.pdf",
        pdf(&["", ""]),
        &[("title", "Scanned decree"), ("visibility", "public")],
    )
    .await;
    assert_eq!(doc["extraction"], "failed");
    assert_eq!(doc["extraction_error"], "no-text");
    assert!(doc["extraction_message"].as_str().unwrap().contains("scan"));
    let path = format!("/api/v1/library/documents/{}", doc["id"]);
    let seen_by_bob = app.api_as(&bob).get_json(&path).await;
    assert_eq!(seen_by_bob["extraction"], "failed");
    assert_eq!(seen_by_bob["extraction_error"], Value::Null);
    // The file stays available, and the title still finds it.
    assert_eq!(
        app.api().get(&format!("{path}/file")).await.status(),
        StatusCode::OK
    );
    assert_eq!(search(&app.api(), "q=decree").await["total"], 1);
    // A damaged PDF says so.
    let doc = uploaded(&app, &ana, "broken.pdf", b"%PDF-1.4\ngarbage".to_vec(), &[]).await;
    assert_eq!(doc["extraction_error"], "damaged");
    let browser = app.browser();
    browser.login(&ana.email, common::PASSWORD).await;
    let html = browser.get_html(&format!("/library/{}", doc["id"])).await;
    assert!(html.contains("id=\"extraction-error\""));
}

async fn large_files_are_extracted_in_the_background(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let mut text = "Filler words about containers. ".repeat(40_000);
    text.push_str("Vermicomposting appears at the end.");
    let doc = uploaded(
        &app,
        &ana,
        "long.txt",
        text.into_bytes(),
        &[("title", "Long report")],
    )
    .await;
    assert!(
        matches!(doc["extraction"].as_str(), Some("pending" | "done")),
        "{doc}"
    );
    let id = doc["id"].as_i64().unwrap();
    // Listed at once.
    assert_eq!(
        ids(&search(&app.api_as(&ana), "q=long+report").await),
        vec![id]
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let result = search(&app.api_as(&ana), "q=vermicomposting").await;
        if result["total"] == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the text becomes searchable");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn facets_filters_sort_and_typos(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let docs = [
        (
            "a.txt",
            "Waste statistics of Almaty",
            "report",
            "2021",
            "en",
            "waste-collection",
        ),
        (
            "b.txt",
            "Waste sorting stations in Taraz",
            "concept",
            "2023",
            "en",
            "sorting",
        ),
        (
            "c.txt",
            "Статистика отходов Алматы",
            "report",
            "2023",
            "ru",
            "waste-collection",
        ),
    ];
    let mut made = Vec::new();
    for (name, text, doc_type, year, language, topic) in docs {
        let doc = uploaded(
            &app,
            &ana,
            name,
            text.as_bytes().to_vec(),
            &[
                ("visibility", "public"),
                ("doc_type", doc_type),
                ("year", year),
                ("languages", language),
                ("topics", topic),
            ],
        )
        .await;
        made.push(doc["id"].as_i64().unwrap());
    }
    let api = app.api();
    let all = search(&api, "").await;
    assert_eq!(all["total"], 3);
    assert_eq!(facet(&all, "type", "report"), Some(2));
    assert_eq!(facet(&all, "year", "2023"), Some(2));
    assert_eq!(facet(&all, "language", "ru"), Some(1));
    assert_eq!(facet(&all, "topic", "waste-collection"), Some(2));
    // Newest first without words.
    assert_eq!(ids(&all), vec![made[2], made[1], made[0]]);
    let filtered = search(&api, "type=report&year=2023").await;
    assert_eq!(ids(&filtered), vec![made[2]]);
    let filtered = search(&api, "q=waste&topic=sorting").await;
    assert_eq!(ids(&filtered), vec![made[1]]);
    assert_eq!(facet(&filtered, "type", "concept"), Some(1));
    let by_date = search(&api, "q=waste&sort=date").await;
    assert_eq!(ids(&by_date), vec![made[1], made[0]]);
    // A typo in a longer word still finds it.
    let typo = search(&api, "q=statistcs").await;
    assert_eq!(ids(&typo), vec![made[0]]);
    assert_eq!(search(&api, "q=xq").await["total"], 0);
    // Bad parameters are clear errors.
    assert_error(
        api.get("/api/v1/library/search?year=recent").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_year",
    )
    .await;
    assert_error(
        api.get("/api/v1/library/search?sort=size").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_sort",
    )
    .await;
    assert_error(
        api.get("/api/v1/library/search?page=0").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_page",
    )
    .await;
}

async fn links_and_collections(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let response = app
        .api_as(&ana)
        .post(
            "/api/v1/library/links",
            &json!({"url": "https://eur-lex.europa.eu/eli/dir/2008/98/oj", "title": "Directive 2008/98/EC", "doc_type": "law", "visibility": "public", "description": "Official text on EUR-Lex"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let link: Value = response.json().await.unwrap();
    assert_eq!(link["kind"], "link");
    assert_eq!(link["extraction"], "none");
    let link_id = link["id"].as_i64().unwrap();
    assert_eq!(ids(&search(&app.api(), "q=directive").await), vec![link_id]);
    let response = app
        .api_as(&ana)
        .post(
            "/api/v1/library/links",
            &json!({"url": "javascript:alert(1)", "title": "x"}),
        )
        .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_link_invalid",
    )
    .await;
    assert_error(
        app.api()
            .get(&format!("/api/v1/library/documents/{link_id}/file"))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Collections group documents for other capabilities (e.g. an event's materials).
    let private = uploaded(&app, &ana, "slides.txt", b"Session slides".to_vec(), &[]).await;
    let private_id = private["id"].as_i64().unwrap();
    let state = &app.state;
    circula::library::add_to_collection(state, "event:1", private_id, 2)
        .await
        .unwrap();
    circula::library::add_to_collection(state, "event:1", link_id, 1)
        .await
        .unwrap();
    let anonymous = circula::library::collection(state, None, "event:1")
        .await
        .unwrap();
    assert_eq!(
        anonymous.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![link_id]
    );
    let viewer = circula::web::identity::CurrentMember {
        id: ana.id,
        email: ana.email.clone(),
        name: ana.name.clone(),
        role: circula::web::identity::Role::Member,
        locale: circula::web::i18n::Locale::En,
        timezone: "UTC".into(),
        session_id: 0,
        via: circula::web::identity::AuthVia::Bearer,
    };
    let members = circula::library::collection(state, Some(&viewer), "event:1")
        .await
        .unwrap();
    assert_eq!(
        members.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![link_id, private_id]
    );
    let by_ids = circula::library::documents_by_ids(state, None, &[private_id, link_id])
        .await
        .unwrap();
    assert_eq!(by_ids.len(), 1);
    assert!(
        circula::library::add_to_collection(state, "Bad Name", link_id, 0)
            .await
            .is_err()
    );
    circula::library::remove_from_collection(state, "event:1", link_id)
        .await
        .unwrap();
    assert!(
        circula::library::collection(state, None, "event:1")
            .await
            .unwrap()
            .is_empty()
    );
}

async fn pages_list_upload_show_and_edit(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let browser = app.browser();
    // Guests see the list, not the upload form.
    let html = browser.get_html("/library").await;
    assert!(!html.contains("id=\"library-upload-link\""));
    assert!(location(&browser.get("/library/upload").await).starts_with("/login"));
    browser.login(&ana.email, common::PASSWORD).await;
    let html = browser.get_html("/library/upload").await;
    assert!(html.contains("multiple") && html.contains("/static/library.js"));
    let script = browser.get("/static/library.js").await;
    assert_eq!(script.status(), StatusCode::OK);

    // The plain form: several files at once, each titled by its name.
    let csrf = browser.csrf().await;
    let form = Form::new()
        .text("csrf", csrf.clone())
        .text("title", "ignored with several files")
        .text("visibility", "public")
        .text("doc_type", "study")
        .text("topics", "recycling")
        .part(
            "file",
            Part::bytes(b"Bottle deposit systems compared".to_vec())
                .file_name("Deposit_systems.txt"),
        )
        .part(
            "file",
            Part::bytes(pdf(&["Paper mills and fibre recovery"])).file_name("paper.pdf"),
        );
    let response = browser
        .client
        .post(browser.url("/library/upload"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let result = search(&app.api(), "q=deposit").await;
    assert_eq!(result["items"][0]["title"], "Deposit systems");
    let text_id = result["items"][0]["id"].as_i64().unwrap();
    let pdf_id = ids(&search(&app.api(), "q=fibre").await)[0];

    // Without the CSRF field the form is refused.
    let form = Form::new().part("file", Part::bytes(b"x".to_vec()).file_name("x.txt"));
    let response = browser
        .client
        .post(browser.url("/library/upload"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // A refused file shows the form again with the message.
    let form = Form::new().text("csrf", csrf.clone()).part(
        "file",
        Part::bytes(b"MZ\x90\x00".to_vec()).file_name("x.txt"),
    );
    let response = browser
        .client
        .post(browser.url("/library/upload"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(response.text().await.unwrap().contains("id=\"form-error\""));

    // The list with facets and highlighted snippets.
    let html = browser.get_html("/library?q=deposit").await;
    assert!(html.contains("<b>deposit</b>"));
    assert!(html.contains("id=\"facet-type\""));
    let html = browser.get_html("/library?q=fibre").await;
    assert!(html.contains("class=\"page-number\""));

    // The document page: text preview, related documents, and a PDF in the browser's viewer.
    let html = browser.get_html(&format!("/library/{text_id}")).await;
    assert!(
        html.contains("id=\"text-preview\"") && html.contains("Bottle deposit systems compared")
    );
    assert!(html.contains("id=\"related\"") && html.contains(&format!("/library/{pdf_id}")));
    assert!(html.contains("id=\"edit-link\""));
    let response = browser.get(&format!("/library/{pdf_id}")).await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-src 'self'"), "{csp}");
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("id=\"pdf-preview\"")
    );

    // Editing through the form.
    let response = browser
        .submit(
            &format!("/library/{text_id}/edit"),
            &[
                ("title", "Deposit systems in Europe"),
                ("doc_type", "report"),
                ("visibility", "public"),
                ("year", "2020"),
                ("tags", "pet, glass"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let html = browser.get_html(&format!("/library/{text_id}")).await;
    assert!(html.contains("Deposit systems in Europe") && html.contains("pet, glass"));
    let response = browser
        .submit(
            &format!("/library/{text_id}/edit"),
            &[("title", ""), ("year", "3000")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Deleting through the form.
    let response = browser
        .submit(&format!("/library/{text_id}/delete"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        browser.get(&format!("/library/{text_id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // Every language renders the pages.
    for lang in ["de", "ru", "kk"] {
        let response = app.api().with_lang(lang).get("/library").await;
        assert_eq!(response.status(), StatusCode::OK);
    }
}

async fn two_instances_follow_one_change_feed(app: TestApp) {
    // Two instances share a database only on PostgreSQL; SQLite runs one.
    if app.state.db.backend != circula::store::Backend::Postgres {
        return;
    }
    let other = app.another_instance().await;
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let started = Instant::now();
    let doc = uploaded(
        &app,
        &ana,
        "feed.txt",
        b"Geomembrane liners for cells".to_vec(),
        &[("visibility", "public")],
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    loop {
        let result = search(&other.api(), "q=geomembrane").await;
        if ids(&result) == vec![id] {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the other instance finds it within 2 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Deletions travel the same way.
    assert_eq!(
        app.api_as(&ana)
            .delete(&format!("/api/v1/library/documents/{id}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let started = Instant::now();
    while search(&other.api(), "q=geomembrane").await["total"] != 0 {
        assert!(started.elapsed() < Duration::from_secs(2));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // And the file is served by the other instance too.
    let doc = uploaded(
        &app,
        &ana,
        "shared.txt",
        b"Shared bytes".to_vec(),
        &[("visibility", "public")],
    )
    .await;
    let response = other
        .api()
        .get(doc["file"]["download"].as_str().unwrap())
        .await;
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"Shared bytes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn command_line_imports_a_folder_and_reindexes() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    std::fs::write(
        files.path().join("code.txt"),
        "Экологический кодекс об отходах",
    )
    .unwrap();
    std::fs::write(files.path().join("plan.md"), "# Plan\n\nCompost for Taraz").unwrap();
    std::fs::write(files.path().join("fake.pdf"), "<html>not a pdf</html>").unwrap();
    std::fs::write(files.path().join("tool.exe"), "MZ").unwrap();
    std::fs::write(
        files.path().join("metadata.csv"),
        "file,title,type,year,languages,topics,visibility\n\
         code.txt,Экокодекс,law,2021,ru,legislation-epr,public\n\
         missing.pdf,Gone,law,2020,,,\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_circula");
    let run = |args: &[&str], input: Option<&str>| {
        let mut command = std::process::Command::new(bin);
        command
            .args(args)
            .arg("--data")
            .arg(data.path())
            .env_remove("CIRCULA_DATABASE_URL")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        if let Some(input) = input {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().unwrap();
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    };
    let (ok, _) = run(
        &[
            "user",
            "add",
            "--email",
            "lib@circula.test",
            "--name",
            "Librarian",
        ],
        Some(common::PASSWORD),
    );
    assert!(ok);
    let dir = files.path().to_str().unwrap();
    let (ok, out) = run(
        &["library", "import", dir, "--as", "lib@circula.test"],
        None,
    );
    assert!(ok, "{out}");
    assert!(out.contains("imported 2 file(s)"), "{out}");
    assert!(out.contains("3 failed"), "{out}");
    assert!(
        out.contains("fake.pdf: ") && out.contains("library_content_mismatch"),
        "{out}"
    );
    assert!(out.contains("tool.exe: not a supported file type"), "{out}");
    assert!(out.contains("missing.pdf: named in the sidecar"), "{out}");
    let (ok, out) = run(&["reindex"], None);
    assert!(ok);
    assert!(out.contains("indexed 2 document(s)"), "{out}");
}

async fn encrypted_pdfs_say_why_and_stay_available(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let bob = app.member("Bob").await;
    let bytes = encrypted_pdf(&["Confidential tariff for landfill gas"], "Almaty-2024");
    assert!(
        !String::from_utf8_lossy(&bytes).contains("tariff"),
        "the text is not readable without the password"
    );
    let response = upload(
        &app,
        &ana,
        "tariffs.pdf",
        bytes.clone(),
        &[("title", "Gas tariffs"), ("visibility", "members")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let doc: Value = response.json().await.unwrap();
    let id = doc["id"].as_i64().unwrap();
    assert_eq!(doc["extraction"], "failed", "{doc}");
    assert_eq!(doc["extraction_error"], "encrypted", "{doc}");
    assert!(
        doc["extraction_message"]
            .as_str()
            .unwrap()
            .contains("encrypted"),
        "{doc}"
    );

    // The uploader reads why in their language; another member does not see the reason.
    let path = format!("/api/v1/library/documents/{id}");
    let in_german = app.api_as(&ana).with_lang("de").get_json(&path).await;
    assert_eq!(in_german["extraction_error"], "encrypted");
    assert!(
        in_german["extraction_message"]
            .as_str()
            .unwrap()
            .contains("verschlüsselt"),
        "{in_german}"
    );
    let in_russian = app.api_as(&ana).with_lang("ru").get_json(&path).await;
    assert!(
        in_russian["extraction_message"]
            .as_str()
            .unwrap()
            .contains("зашифрован"),
        "{in_russian}"
    );
    let seen_by_bob = app.api_as(&bob).get_json(&path).await;
    assert_eq!(seen_by_bob["extraction"], "failed");
    assert_eq!(seen_by_bob["extraction_error"], Value::Null);
    assert_eq!(seen_by_bob["extraction_message"], Value::Null);
    let browser = app.browser();
    browser.login(&ana.email, common::PASSWORD).await;
    let html = browser.get_html(&format!("/library/{id}")).await;
    assert!(html.contains("id=\"extraction-error\""));
    assert!(html.contains("the file is encrypted"));
    let bobs_browser = app.browser();
    bobs_browser.login(&bob.email, common::PASSWORD).await;
    let html = bobs_browser.get_html(&format!("/library/{id}")).await;
    assert!(!html.contains("id=\"extraction-error\""));

    // Listed and found by its title, and the file downloads unchanged.
    let result = search(&app.api_as(&bob), "q=gas+tariffs").await;
    assert_eq!(ids(&result), vec![id]);
    assert_eq!(
        search(&app.api_as(&bob), "q=confidential").await["total"],
        0
    );
    let listed = search(&app.api_as(&bob), "sort=date").await;
    assert!(ids(&listed).contains(&id));
    let download = app.api_as(&bob).get(&format!("{path}/file")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), bytes.as_slice());

    // Encrypted with an empty user password (an owner password only), a PDF opens in every
    // reader without a question, and its text is extracted.
    let doc = uploaded(
        &app,
        &ana,
        "owner-only.pdf",
        encrypted_pdf(&["Biogas yields of the Shymkent digester"], ""),
        &[("title", "Digester report")],
    )
    .await;
    assert_eq!(doc["extraction"], "done", "{doc}");
    assert_eq!(
        ids(&search(&app.api_as(&bob), "q=shymkent").await),
        vec![doc["id"].as_i64().unwrap()]
    );
}

/// Replaces the file of document `id` through the page's form.
async fn replace_through_page(
    browser: &common::Browser,
    id: i64,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let form = Form::new()
        .text("csrf", browser.csrf().await)
        .part("file", Part::bytes(bytes).file_name(name.to_string()));
    browser
        .client
        .post(browser.url(&format!("/library/{id}/replace")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn organisers_edit_any_document_plain_members_do_not(app: TestApp) {
    let admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let olga = app.member("Olga").await;
    let bob = app.member("Bob").await;
    let response = app
        .api_as(&admin)
        .patch(
            &format!("/api/v1/admin/members/{}", olga.id),
            &json!({"role": "organiser"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.api_as(&olga).get_json("/api/v1/me").await["role"],
        "organiser"
    );
    let doc = uploaded(
        &app,
        &ana,
        "sorting.txt",
        b"Sorting lines for mixed packaging".to_vec(),
        &[("title", "Sorting lines"), ("visibility", "members")],
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    let path = format!("/api/v1/library/documents/{id}");

    // A plain member who did not upload it: 403 over the API, for metadata and file.
    assert_eq!(app.api_as(&bob).get_json(&path).await["may_edit"], false);
    assert_error(
        app.api_as(&bob)
            .patch(&path, &json!({"title": "Bob's now"}))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let response = replace_file(&app, &bob, &path, b"Bob's replacement", "bob.txt").await;
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;

    // ... and on the pages: no edit controls, the edit form and both posts refused.
    let bobs = app.browser();
    bobs.login(&bob.email, common::PASSWORD).await;
    let html = bobs.get_html(&format!("/library/{id}")).await;
    assert!(!html.contains("id=\"edit-link\"") && !html.contains("id=\"replace-form\""));
    assert_eq!(
        bobs.get(&format!("/library/{id}/edit")).await.status(),
        StatusCode::FORBIDDEN
    );
    let response = bobs
        .submit(&format!("/library/{id}/edit"), &[("title", "Bob's now")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = replace_through_page(&bobs, id, "bob.txt", b"Bob's file".to_vec()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let unchanged = app.api_as(&ana).get_json(&path).await;
    assert_eq!(unchanged["title"], "Sorting lines");
    assert_eq!(unchanged["versions"].as_array().unwrap().len(), 1);

    // The organiser, who did not upload it, edits metadata and replaces the file over the API.
    assert_eq!(app.api_as(&olga).get_json(&path).await["may_edit"], true);
    let response = app
        .api_as(&olga)
        .patch(
            &path,
            &json!({"title": "Sorting lines for packaging", "doc_type": "guide"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = replace_file(
        &app,
        &olga,
        &path,
        b"Optical sorters for polyolefins",
        "v2.txt",
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let replaced: Value = response.json().await.unwrap();
    let versions = replaced["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["uploaded_by"]["id"], olga.id);
    assert_eq!(replaced["uploader"]["id"], ana.id, "the uploader stays");
    assert_eq!(
        ids(&search(&app.api_as(&bob), "q=polyolefins").await),
        vec![id]
    );

    // ... and on the pages.
    let olgas = app.browser();
    olgas.login(&olga.email, common::PASSWORD).await;
    let html = olgas.get_html(&format!("/library/{id}")).await;
    assert!(html.contains("id=\"edit-link\"") && html.contains("id=\"replace-form\""));
    assert!(
        olgas
            .get_html(&format!("/library/{id}/edit"))
            .await
            .contains("Sorting lines for packaging")
    );
    let response = olgas
        .submit(
            &format!("/library/{id}/edit"),
            &[
                ("title", "Packaging sorting guide"),
                ("doc_type", "guide"),
                ("visibility", "members"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let response =
        replace_through_page(&olgas, id, "v3.txt", b"Ballistic separators".to_vec()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let after = app.api_as(&ana).get_json(&path).await;
    assert_eq!(after["title"], "Packaging sorting guide");
    assert_eq!(after["versions"].as_array().unwrap().len(), 3);
    assert_eq!(after["file"]["name"], "v3.txt");
    assert_eq!(
        ids(&search(&app.api_as(&bob), "q=ballistic").await),
        vec![id]
    );
}

async fn change_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM library_changes")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn admins_list_restore_and_purge_hidden_documents(app: TestApp) {
    let admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let bob = app.member("Bob").await;
    // On PostgreSQL a second instance proves that restoring travels the change feed.
    let other = if app.state.db.backend == circula::store::Backend::Postgres {
        Some(app.another_instance().await)
    } else {
        None
    };
    let doc = uploaded(
        &app,
        &ana,
        "compost.txt",
        b"Compost maturity and phytotoxicity tests".to_vec(),
        &[("title", "Compost quality"), ("visibility", "public")],
    )
    .await;
    let id = doc["id"].as_i64().unwrap();
    let path = format!("/api/v1/library/documents/{id}");
    let hidden_list = "/api/v1/library/hidden";
    assert!(
        app.api_as(&admin).get_json(hidden_list).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.api_as(&ana).delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(search(&app.api(), "q=phytotoxicity").await["total"], 0);

    // Only admins list hidden documents and restore them.
    assert_eq!(
        app.api().get(hidden_list).await.status(),
        StatusCode::UNAUTHORIZED
    );
    for member in [&ana, &bob] {
        assert_error(
            app.api_as(member).get(hidden_list).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert_error(
            app.api_as(member)
                .post(&format!("{path}/restore"), &json!({}))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
    let list = app.api_as(&admin).get_json(hidden_list).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{list}");
    assert_eq!(items[0]["id"], id);
    assert_eq!(items[0]["title"], "Compost quality");
    assert_eq!(items[0]["uploader"]["name"], "Ana");
    assert!(items[0]["hidden_at"].as_i64().unwrap() > 0);

    // Restoring writes to the change feed and puts it back into search, here and elsewhere.
    let changes = change_count(&app).await;
    assert_eq!(
        app.api_as(&admin)
            .post(&format!("{path}/restore"), &json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(change_count(&app).await, changes + 1);
    assert_eq!(ids(&search(&app.api(), "q=phytotoxicity").await), vec![id]);
    assert_eq!(app.api().get_json(&path).await["hidden"], false);
    if let Some(other) = &other {
        let started = Instant::now();
        while ids(&search(&other.api(), "q=phytotoxicity").await) != vec![id] {
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "the other instance finds it again within 2 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    // A live or unknown document cannot be restored.
    assert_error(
        app.api_as(&admin)
            .post(&format!("{path}/restore"), &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.api_as(&admin)
            .post("/api/v1/library/documents/999999/restore", &json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(
        app.api_as(&admin).get_json(hidden_list).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // The pages: a link for admins only, the list with restore and purge.
    let admins = app.browser();
    admins.login(&admin.email, common::PASSWORD).await;
    let bobs = app.browser();
    bobs.login(&bob.email, common::PASSWORD).await;
    assert!(
        admins
            .get_html("/library")
            .await
            .contains("id=\"library-hidden-link\"")
    );
    assert!(
        !bobs
            .get_html("/library")
            .await
            .contains("id=\"library-hidden-link\"")
    );
    assert_eq!(
        bobs.get("/library/hidden").await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(location(&app.browser().get("/library/hidden").await).starts_with("/login"));
    assert!(
        admins
            .get_html("/library/hidden")
            .await
            .contains("id=\"hidden-none\"")
    );
    let response = bobs
        .submit(&format!("/library/{id}/restore"), &[("from", "hidden")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    assert_eq!(
        app.api_as(&ana).delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    let html = admins.get_html("/library/hidden").await;
    assert!(
        html.contains(&format!("id=\"hidden-{id}\"")) && html.contains("Compost quality"),
        "{html}"
    );
    assert!(html.contains(&format!("action=\"/library/{id}/restore\"")));
    assert!(html.contains(&format!("action=\"/library/{id}/purge\"")));
    let response = admins
        .submit(&format!("/library/{id}/restore"), &[("from", "hidden")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        "/library/hidden?notice=library-restored"
    );
    let html = admins
        .get_html("/library/hidden?notice=library-restored")
        .await;
    assert!(html.contains("The document is back in the library."));
    assert!(html.contains("id=\"hidden-none\""));
    assert_eq!(ids(&search(&app.api(), "q=phytotoxicity").await), vec![id]);
    // Hidden again, then purged from the list: gone for good.
    assert_eq!(
        app.api_as(&ana).delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    let html = admins.get_html(&format!("/library/{id}")).await;
    assert!(html.contains("id=\"restore-button\""));
    let response = admins
        .submit(&format!("/library/{id}/purge"), &[("from", "hidden")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/library/hidden?notice=library-purged");
    assert_error(
        app.api_as(&admin).get(&path).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert!(
        admins
            .get_html("/library/hidden")
            .await
            .contains("id=\"hidden-none\"")
    );
    let spec = app.api().get_json("/api/v1/openapi.json").await;
    for documented in [hidden_list, "/api/v1/library/documents/{id}/restore"] {
        assert!(spec["paths"][documented].is_object(), "{documented}");
    }
    // Every language renders the page.
    for lang in ["de", "ru", "kk"] {
        let response = app
            .api_as(&admin)
            .with_lang(lang)
            .get("/library/hidden")
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let html = response.text().await.unwrap();
        assert!(
            !html.contains("library-hidden"),
            "{lang}: every key translated"
        );
    }
}

/// Ids found by `q` in a library index of its own (as a signed-in member).
async fn found_in(library: &circula::library::Library, q: &str) -> Vec<i64> {
    let results = library
        .search(circula::library::SearchParams {
            q: q.to_string(),
            doc_type: None,
            language: None,
            topic: None,
            year: None,
            sort: circula::library::Sort::Relevance,
            page: 1,
            per_page: 20,
            members: true,
        })
        .await
        .unwrap();
    results.items.iter().map(|hit| hit.id).collect()
}

async fn housekeeping_prunes_the_feed_and_a_late_index_rebuilds(app: TestApp) {
    let _admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let db = &app.state.db;
    let now = circula::store::now_ms();
    let alpha = uploaded(&app, &ana, "a.txt", b"Anaerobic digestion".to_vec(), &[]).await;
    let alpha = alpha["id"].as_i64().unwrap();

    // Another instance's index, opened now and then left behind (it does not follow the feed).
    let late_dir = tempfile::tempdir().unwrap();
    let late = circula::library::Library::open(late_dir.path(), db)
        .await
        .unwrap();
    assert_eq!(found_in(&late, "anaerobic").await, vec![alpha]);

    let bravo = uploaded(&app, &ana, "b.txt", b"Bioreactor landfills".to_vec(), &[]).await;
    let bravo = bravo["id"].as_i64().unwrap();
    assert_eq!(
        app.api_as(&ana)
            .delete(&format!("/api/v1/library/documents/{alpha}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let charlie = uploaded(
        &app,
        &ana,
        "c.txt",
        b"Clinker from incinerators".to_vec(),
        &[],
    )
    .await;
    let charlie = charlie["id"].as_i64().unwrap();
    let before = change_count(&app).await;
    assert!(before >= 4, "{before}");

    // Entries younger than a day stay.
    assert_eq!(
        circula::library::housekeep(db, now).await.unwrap(),
        circula::library::Housekept::default()
    );
    assert_eq!(change_count(&app).await, before);
    // A day later everything goes but the newest entry.
    let later = now + circula::library::FEED_KEEP_MS + 60_000;
    let done = circula::library::housekeep(db, later).await.unwrap();
    assert_eq!(done.changes as i64, before - 1);
    assert_eq!(change_count(&app).await, 1);
    let newest: i64 = sqlx::query_scalar("SELECT MAX(id) FROM library_changes")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(newest, circula::library::db::FEED.last(db).await.unwrap());
    assert!(circula::library::db::FEED.pruned_up_to(db).await.unwrap() < Some(newest));

    // The late index applied less than was pruned: it rebuilds rather than apply only the
    // newest entry (which would miss bravo and keep the hidden alpha).
    late.sync(db).await.unwrap();
    assert_eq!(found_in(&late, "bioreactor").await, vec![bravo]);
    assert_eq!(found_in(&late, "clinker").await, vec![charlie]);
    assert!(found_in(&late, "anaerobic").await.is_empty());
    // The instance that followed all along goes on as before.
    let delta = uploaded(&app, &ana, "d.txt", b"Digestate spreading".to_vec(), &[]).await;
    let delta = delta["id"].as_i64().unwrap();
    assert_eq!(
        ids(&search(&app.api_as(&ana), "q=digestate").await),
        vec![delta]
    );
    assert_eq!(
        ids(&search(&app.api_as(&ana), "q=bioreactor").await),
        vec![bravo]
    );
    late.sync(db).await.unwrap();
    assert_eq!(found_in(&late, "digestate").await, vec![delta]);

    // An index opened again from its folder after the feed moved on and was pruned again
    // also rebuilds when it opens.
    drop(late);
    let echo = uploaded(&app, &ana, "e.txt", b"Ecodesign of packaging".to_vec(), &[]).await;
    let echo = echo["id"].as_i64().unwrap();
    uploaded(&app, &ana, "f.txt", b"Fly ash".to_vec(), &[]).await;
    circula::library::housekeep(db, later + 1_000)
        .await
        .unwrap();
    assert_eq!(change_count(&app).await, 1);
    let reopened = circula::library::Library::open(late_dir.path(), db)
        .await
        .unwrap();
    assert_eq!(found_in(&reopened, "ecodesign").await, vec![echo]);
}

async fn chunks_of(app: &TestApp, blob: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM library_blob_chunks WHERE blob_id = $1")
        .bind(blob)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap()
}

async fn housekeeping_sweeps_orphan_chunks_only_when_old(app: TestApp) {
    let admin = app.member("Admin").await;
    let ana = app.member("Ana").await;
    let db = &app.state.db;
    let now = circula::store::now_ms();
    let doc = uploaded(&app, &ana, "kept.txt", b"Kept file".to_vec(), &[]).await;
    let download = doc["file"]["download"].as_str().unwrap().to_string();
    // A file stored without a version naming it (as when the server stops in between).
    let orphan = circula::library::blobs::put_bytes(db, b"orphan bytes")
        .await
        .unwrap()
        .blob_id;
    assert_eq!(chunks_of(&app, &orphan).await, 1);

    // Younger than an hour: kept (an upload may be on its way to its version).
    let done = circula::library::housekeep(db, now).await.unwrap();
    assert_eq!(done.chunks, 0);
    assert_eq!(chunks_of(&app, &orphan).await, 1);
    // A chunk from before chunk times were recorded.
    sqlx::query(
        "INSERT INTO library_blob_chunks (blob_id, seq, data, created_at) VALUES ($1, 0, $2, NULL)",
    )
    .bind("0123456789abcdef0123456789abcdef")
    .bind(b"old orphan".to_vec())
    .execute(&db.pool)
    .await
    .unwrap();
    // Hidden documents keep their files (admins may restore them).
    let path = format!("/api/v1/library/documents/{}", doc["id"]);
    assert_eq!(
        app.api_as(&ana).delete(&path).await.status(),
        StatusCode::NO_CONTENT
    );
    // Two hours later the orphan goes; the undated one is stamped now, gone the next time.
    let later = now + 2 * circula::library::ORPHAN_CHUNK_AGE_MS;
    let done = circula::library::housekeep(db, later).await.unwrap();
    assert_eq!(done.chunks, 1);
    assert_eq!(chunks_of(&app, &orphan).await, 0);
    assert_eq!(chunks_of(&app, "0123456789abcdef0123456789abcdef").await, 1);
    let done = circula::library::housekeep(db, later + 2 * circula::library::ORPHAN_CHUNK_AGE_MS)
        .await
        .unwrap();
    assert_eq!(done.chunks, 1);
    assert_eq!(chunks_of(&app, "0123456789abcdef0123456789abcdef").await, 0);
    // Files of documents, also old ones and those of hidden documents, stay.
    let response = app.api_as(&admin).get(&download).await;
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"Kept file");
    let remaining: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM library_blob_chunks")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(remaining, 1);
}
