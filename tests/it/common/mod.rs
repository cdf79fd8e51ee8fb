//! The test harness: a real server on port 0 with a fresh database, and clients that talk to
//! it over HTTP like a browser (cookies, CSRF field) or an API client (bearer token).
//!
//! Every integration test is written once as `async fn name(app: TestApp)` and listed in
//! [`both_backends!`], which runs it against SQLite (a temporary file) and PostgreSQL (a new
//! database on the server named by `CIRCULA_TEST_POSTGRES`, default the local one; dropped
//! afterwards). Without a reachable PostgreSQL the PostgreSQL variants fail under CI
//! (`CI` set) and are skipped loudly elsewhere.
#![allow(dead_code)]

use std::sync::Arc;

use circula::app::App;
use circula::config::Config;
use circula::mail::Mail;
use circula::state::AppState;
use reqwest::StatusCode;
use reqwest::cookie::{CookieStore, Jar};
use serde_json::{Value, json};

pub const PASSWORD: &str = "Steppe-Recycling-2023";

/// Declares tests that run once per database backend.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::TestApp::sqlite().await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(app) = $crate::common::TestApp::postgres().await {
                        super::$name(app).await
                    }
                }
            )*
        }
    };
}

pub struct TestApp {
    pub address: String,
    pub state: AppState,
    _data: tempfile::TempDir,
    postgres: Option<PgDatabase>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub async fn sqlite() -> TestApp {
        TestApp::spawn(None, |_| {}).await
    }

    /// A server on a fresh PostgreSQL database, or `None` (after a loud message) when no
    /// PostgreSQL is reachable outside CI.
    pub async fn postgres() -> Option<TestApp> {
        let db = PgDatabase::create().await?;
        let url = db.url.clone();
        Some(TestApp::spawn(Some((url, db)), |_| {}).await)
    }

    /// A PostgreSQL server with a customised configuration (see [`TestApp::postgres`]).
    pub async fn postgres_with(configure: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let db = PgDatabase::create().await?;
        let url = db.url.clone();
        Some(TestApp::spawn(Some((url, db)), configure).await)
    }

    /// A SQLite server with a customised configuration.
    pub async fn sqlite_with(configure: impl FnOnce(&mut Config)) -> TestApp {
        TestApp::spawn(None, configure).await
    }

    /// A second server on this one's database (with its own data folder), as a second instance
    /// of a deployment; the first one owns the database.
    pub async fn another_instance(&self) -> TestApp {
        self.another_instance_with(|_| {}).await
    }

    /// Like [`TestApp::another_instance`], with a customised configuration.
    pub async fn another_instance_with(&self, configure: impl FnOnce(&mut Config)) -> TestApp {
        let url = self.state.config.database_url();
        TestApp::spawn(None, move |config| {
            config.database_url = Some(url);
            configure(config);
        })
        .await
    }

    async fn spawn(
        postgres: Option<(String, PgDatabase)>,
        configure: impl FnOnce(&mut Config),
    ) -> TestApp {
        let data = tempfile::tempdir().expect("temp dir");
        let mut config = Config::with_data(data.path());
        // Tests register many members from one address; the limit tests set their own.
        config.login_burst = 1000;
        config.registrations_per_hour = 10_000;
        let postgres = postgres.map(|(url, db)| {
            config.database_url = Some(url);
            db
        });
        configure(&mut config);
        let app = App::build(config).await.expect("app builds");
        let address = format!("http://{}", app.addr());
        let state = app.state().clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.serve(async {
            let _ = rx.await;
        }));
        TestApp {
            address,
            state,
            _data: data,
            postgres,
            shutdown: Some(tx),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// Mail the server would have sent (mail is off in tests).
    pub fn outbox(&self) -> Vec<Mail> {
        self.state.mailer.outbox()
    }

    /// The last link in the last mail to `to`.
    pub fn last_link_to(&self, to: &str) -> String {
        let mail = self
            .outbox()
            .into_iter()
            .rev()
            .find(|m| m.to == to)
            .expect("a mail to that address");
        mail.body
            .split_whitespace()
            .rfind(|w| w.starts_with("http://"))
            .expect("a link in the mail")
            .to_string()
    }

    /// A client without cookies, for the JSON API.
    pub fn api(&self) -> Api {
        Api {
            app_url: self.address.clone(),
            client: reqwest::Client::new(),
            token: None,
            lang: None,
        }
    }

    /// A browser-like client: keeps cookies, follows no redirects.
    pub fn browser(&self) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Browser {
            app_url: self.address.clone(),
            client,
            jar,
        }
    }

    /// Registers a member through the API, confirms the address with the mailed link (all
    /// but the first account must), and returns it with a bearer token.
    pub async fn member(&self, name: &str) -> TestMember {
        let email = format!("{}@circula.test", name.to_lowercase().replace(' ', "."));
        self.member_with_email(name, &email).await
    }

    /// [`TestApp::member`] with a chosen address (names may repeat).
    pub async fn member_with_email(&self, name: &str, email: &str) -> TestMember {
        let email = email.to_string();
        let api = self.api();
        let response = api
            .post(
                "/api/v1/auth/register",
                &json!({"email": email, "password": PASSWORD, "name": name}),
            )
            .await;
        let status = response.status();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::ACCEPTED,
            "registering {name}: {status}"
        );
        if status == StatusCode::ACCEPTED {
            self.confirm(&email).await;
        }
        let response = self
            .api()
            .post(
                "/api/v1/auth/token",
                &json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "token for {email}");
        let body: Value = response.json().await.unwrap();
        TestMember {
            id: body["member_id"].as_i64().unwrap(),
            email,
            name: name.to_string(),
            token: body["token"].as_str().unwrap().to_string(),
        }
    }

    /// Follows the last confirmation link mailed to `email` (with real SMTP, whose mail the
    /// harness cannot read, confirms in the database instead).
    pub async fn confirm(&self, email: &str) {
        if self.state.mailer.is_enabled() {
            let db = &self.state.db;
            let account = circula::accounts::db::find_by_email(db, email)
                .await
                .unwrap()
                .expect("an account");
            circula::accounts::db::confirm_email(db, account.id)
                .await
                .unwrap();
            return;
        }
        let link = self.last_link_to(email);
        assert!(link.contains("/confirm/"), "{link}");
        let response = reqwest::get(&link).await.expect("request");
        assert_eq!(response.status(), StatusCode::OK, "confirming {email}");
    }

    pub async fn token(&self, email: &str, password: &str) -> String {
        let response = self
            .api()
            .post(
                "/api/v1/auth/token",
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "token for {email}");
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_string()
    }

    /// An API client signed in with an address and password (demo accounts).
    pub async fn api_as_email(&self, email: &str, password: &str) -> Api {
        Api {
            token: Some(self.token(email, password).await),
            ..self.api()
        }
    }

    /// An API client authenticated as `member`.
    pub fn api_as(&self, member: &TestMember) -> Api {
        Api {
            token: Some(member.token.clone()),
            ..self.api()
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(db) = self.postgres.take() {
            db.drop_blocking();
        }
    }
}

#[derive(Clone, Debug)]
pub struct TestMember {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub token: String,
}

/// A JSON API client.
#[derive(Clone)]
pub struct Api {
    app_url: String,
    pub client: reqwest::Client,
    pub token: Option<String>,
    pub lang: Option<String>,
}

impl Api {
    pub fn with_lang(mut self, lang: &str) -> Api {
        self.lang = Some(lang.to_string());
        self
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .client
            .request(method, format!("{}{}", self.app_url, path));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(lang) = &self.lang {
            request = request.header("accept-language", lang);
        }
        request
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("request")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.json().await.expect("json")
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.request(reqwest::Method::POST, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn patch(&self, path: &str, body: &Value) -> reqwest::Response {
        self.request(reqwest::Method::PATCH, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn put(&self, path: &str, body: &Value) -> reqwest::Response {
        self.request(reqwest::Method::PUT, path)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.request(reqwest::Method::DELETE, path)
            .send()
            .await
            .expect("request")
    }
}

/// Asserts an API error response: status, stable code, and a non-empty message.
pub async fn assert_error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "status for {code}");
    let body: Value = response.json().await.expect("error body is JSON");
    assert_eq!(body["error"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

/// A browser session: cookies and the CSRF token of the forms.
pub struct Browser {
    app_url: String,
    pub client: reqwest::Client,
    pub jar: Arc<Jar>,
}

impl Browser {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.app_url, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }

    pub async fn get_html(&self, path: &str) -> String {
        let response = self.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        response.text().await.unwrap()
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.app_url).unwrap();
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_string))
    }

    /// The CSRF token, fetching a page first if the browser has none yet.
    pub async fn csrf(&self) -> String {
        if let Some(token) = self.cookie("csrf") {
            return token;
        }
        self.get("/login").await;
        self.cookie("csrf").expect("the server sets a CSRF cookie")
    }

    /// Submits a form with the CSRF field added.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf().await;
        let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        form.extend_from_slice(fields);
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .expect("request")
    }

    /// Logs in through the form; panics unless it succeeds.
    pub async fn login(&self, email: &str, password: &str) {
        let response = self
            .submit("/login", &[("email", email), ("password", password)])
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "login of {email}");
        assert!(self.cookie("session").is_some());
    }
}

pub fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_string()
}

/// A PostgreSQL database made for one test.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    async fn create() -> Option<PgDatabase> {
        use sqlx::Connection;
        let admin_url = std::env::var("CIRCULA_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
        let mut conn = match sqlx::PgConnection::connect(&admin_url).await {
            Ok(conn) => conn,
            Err(err) => {
                if std::env::var_os("CI").is_some() {
                    panic!("PostgreSQL at {admin_url} is required under CI: {err}");
                }
                eprintln!(
                    "\n*** SKIPPING a PostgreSQL test: cannot connect to {admin_url}: {err} ***\n"
                );
                return None;
            }
        };
        let name = format!("circula_test_{}", random_suffix());
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create database");
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        Some(PgDatabase {
            admin_url,
            name,
            url,
        })
    }

    fn drop_blocking(self) {
        let handle = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                use sqlx::Connection;
                if let Ok(mut conn) = sqlx::PgConnection::connect(&self.admin_url).await {
                    let _ = sqlx::query(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    ))
                    .execute(&mut conn)
                    .await;
                }
            });
        });
        let _ = handle.join();
    }
}

fn random_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}_{}", std::process::id(), nanos % 1_000_000_000_000)
}
