//! Example content: organisations and members of the waste-management and circular-economy
//! community between Kazakhstan and Germany, around the ECO week of 21–24 February 2023.
//!
//! Loading is idempotent: what already exists (by email or organisation name) is left alone.
//! Demo accounts share one password, printed when they are created; never load the demo into
//! a site with real members.

use crate::accounts;
use crate::members::db::{self as members_db, NewOrganisation};
use crate::members::{ContactInput, OrgKind, ProfileInput, Visibility};
use crate::state::AppState;
use crate::web::identity::Role;

pub const DEMO_PASSWORD: &str = "circula-demo-2023";

/// The one demo member whose request to join an organisation stays pending, so that the
/// organisation page shows a request to answer; every other demo member is confirmed.
const PENDING_EXAMPLE: &str = "jonas.hartmann@circula.example";

struct DemoOrg {
    name: &'static str,
    kind: OrgKind,
    country: &'static str,
    city: &'static str,
    website: &'static str,
    description: &'static str,
}

const ORGANISATIONS: [DemoOrg; 8] = [
    DemoOrg {
        name: "AHK Zentralasien",
        kind: OrgKind::Chamber,
        country: "KZ",
        city: "Almaty",
        website: "https://zentralasien.ahk.de",
        description: "Delegation of German Industry and Commerce for Central Asia; organiser of the ECO week 2023.",
    },
    DemoOrg {
        name: "Akimat of Taraz",
        kind: OrgKind::PublicBody,
        country: "KZ",
        city: "Taraz",
        website: "",
        description: "City administration; presented the environmental concept for the city of Taraz at the ECO week.",
    },
    DemoOrg {
        name: "EcoRecycling Almaty",
        kind: OrgKind::Company,
        country: "KZ",
        city: "Almaty",
        website: "",
        description: "Collection and sorting of packaging waste in Almaty.",
    },
    DemoOrg {
        name: "Kreislauf Technik GmbH",
        kind: OrgKind::Company,
        country: "DE",
        city: "Berlin",
        website: "",
        description: "Sorting plants and recycling lines for plastics and paper.",
    },
    DemoOrg {
        name: "KazWaste Association",
        kind: OrgKind::Association,
        country: "KZ",
        city: "Astana",
        website: "",
        description: "Association of waste-management companies of Kazakhstan.",
    },
    DemoOrg {
        name: "Circular Economy Lab, Al-Farabi KazNU",
        kind: OrgKind::Research,
        country: "KZ",
        city: "Almaty",
        website: "",
        description: "Research on municipal waste streams and extended producer responsibility.",
    },
    DemoOrg {
        name: "Green Steppe",
        kind: OrgKind::Ngo,
        country: "KZ",
        city: "Shymkent",
        website: "",
        description: "Environmental education and separate collection in schools.",
    },
    DemoOrg {
        name: "Umweltcluster Bayern",
        kind: OrgKind::Association,
        country: "DE",
        city: "Augsburg",
        website: "",
        description: "Network of Bavarian environmental technology companies.",
    },
];

struct DemoMember {
    email: &'static str,
    name: &'static str,
    role: Role,
    position: &'static str,
    organisation: &'static str,
    country: &'static str,
    city: &'static str,
    timezone: &'static str,
    locale: &'static str,
    languages: &'static [&'static str],
    expertise: &'static [&'static str],
    bio: &'static str,
    phone: &'static str,
}

const MEMBERS: [DemoMember; 10] = [
    DemoMember {
        email: "admin@circula.example",
        name: "Circula Admin",
        role: Role::Admin,
        position: "Platform administrator",
        organisation: "AHK Zentralasien",
        country: "KZ",
        city: "Almaty",
        timezone: "Asia/Almaty",
        locale: "en",
        languages: &["en", "de", "ru"],
        expertise: &["consulting"],
        bio: "Runs this Circula instance. Write to me if something does not work.",
        phone: "",
    },
    DemoMember {
        email: "aigerim.saparova@circula.example",
        name: "Айгерим Сапарова",
        role: Role::Organiser,
        position: "Project manager, environment and energy",
        organisation: "AHK Zentralasien",
        country: "KZ",
        city: "Almaty",
        timezone: "Asia/Almaty",
        locale: "ru",
        languages: &["kk", "ru", "de", "en"],
        expertise: &["circular-economy", "legislation-epr", "consulting"],
        bio: "Организую **ECO week** — неделю онлайн-сессий об обращении с отходами и циркулярной экономике в Казахстане (21–24 февраля 2023).",
        phone: "+7 727 356 10 61",
    },
    DemoMember {
        email: "markus.weber@circula.example",
        name: "Markus Weber",
        role: Role::Member,
        position: "Head of export, Central Asia",
        organisation: "Kreislauf Technik GmbH",
        country: "DE",
        city: "Berlin",
        timezone: "Europe/Berlin",
        locale: "de",
        languages: &["de", "en", "ru"],
        expertise: &["sorting", "recycling", "equipment"],
        bio: "Wir planen und liefern **Sortieranlagen** für Verpackungsabfälle. Suche Partner in Almaty und Astana für gemeinsame Projekte.",
        phone: "+49 30 1234567",
    },
    DemoMember {
        email: "daulet.nurlanuly@circula.example",
        name: "Даулет Нұрланұлы",
        role: Role::Member,
        position: "Бас маман, экология бөлімі",
        organisation: "Akimat of Taraz",
        country: "KZ",
        city: "Taraz",
        timezone: "Asia/Almaty",
        locale: "kk",
        languages: &["kk", "ru"],
        expertise: &["municipal-services", "landfill", "waste-collection"],
        bio: "Тараз қаласының экологиялық тұжырымдамасын әзірлеуге қатыстым. Полигондарды жаңғырту және бөлек жинау бойынша тәжірибе алмасуға қуаныштымын.",
        phone: "",
    },
    DemoMember {
        email: "olga.ivanova@circula.example",
        name: "Ольга Иванова",
        role: Role::Member,
        position: "Генеральный директор",
        organisation: "EcoRecycling Almaty",
        country: "KZ",
        city: "Almaty",
        timezone: "Asia/Almaty",
        locale: "ru",
        languages: &["ru", "en"],
        expertise: &["waste-collection", "sorting", "recycling"],
        bio: "Собираем и сортируем упаковочные отходы в Алматы: ПЭТ, картон, алюминий. Ищем поставщика линии для переработки плёнки.",
        phone: "+7 701 555 12 34",
    },
    DemoMember {
        email: "sabine.koch@circula.example",
        name: "Dr. Sabine Koch",
        role: Role::Member,
        position: "Managing director",
        organisation: "Umweltcluster Bayern",
        country: "DE",
        city: "Augsburg",
        timezone: "Europe/Berlin",
        locale: "de",
        languages: &["de", "en"],
        expertise: &["waste-to-energy", "hazardous-waste", "consulting"],
        bio: "Vernetzt bayerische Umwelttechnik mit Partnern in Zentralasien. Schwerpunkte: thermische Verwertung und gefährliche Abfälle.",
        phone: "",
    },
    DemoMember {
        email: "yerlan.abenov@circula.example",
        name: "Yerlan Abenov",
        role: Role::Member,
        position: "Executive director",
        organisation: "KazWaste Association",
        country: "KZ",
        city: "Astana",
        timezone: "Asia/Almaty",
        locale: "en",
        languages: &["kk", "ru", "en"],
        expertise: &["legislation-epr", "circular-economy"],
        bio: "Working on extended producer responsibility under the new Environmental Code of Kazakhstan.",
        phone: "",
    },
    DemoMember {
        email: "asel.tulegenova@circula.example",
        name: "Асель Тулегенова",
        role: Role::Member,
        position: "Researcher",
        organisation: "Circular Economy Lab, Al-Farabi KazNU",
        country: "KZ",
        city: "Almaty",
        timezone: "Asia/Almaty",
        locale: "kk",
        languages: &["kk", "ru", "en"],
        expertise: &["research", "composting", "education"],
        bio: "Изучаю состав твёрдых бытовых отходов и компостирование органики в городах Казахстана.",
        phone: "",
    },
    DemoMember {
        email: "timur.seitkali@circula.example",
        name: "Timur Seitkali",
        role: Role::Member,
        position: "Coordinator",
        organisation: "Green Steppe",
        country: "KZ",
        city: "Shymkent",
        timezone: "Asia/Almaty",
        locale: "ru",
        languages: &["kk", "ru", "uz"],
        expertise: &["education", "waste-collection"],
        bio: "Separate collection in 40 schools of Shymkent; looking for partners for a deposit scheme.",
        phone: "",
    },
    DemoMember {
        email: "jonas.hartmann@circula.example",
        name: "Jonas Hartmann",
        role: Role::Member,
        position: "Engineer, landfill gas",
        organisation: "Kreislauf Technik GmbH",
        country: "DE",
        city: "Berlin",
        timezone: "Europe/Berlin",
        locale: "de",
        languages: &["de", "en"],
        expertise: &["landfill", "waste-to-energy"],
        bio: "Deponiegaserfassung und -verwertung; Projekte in Kasachstan seit 2019.",
        phone: "",
    },
];

/// What loading the example content did.
#[derive(Debug, Default)]
pub struct Summary {
    pub organisations_created: usize,
    pub members_created: usize,
    pub events_created: usize,
    pub b2b_programmes_created: usize,
    pub library_documents_created: usize,
    pub discussions_created: bool,
    pub live_created: bool,
}

/// Loads the example content; safe to run again.
pub async fn load(state: &AppState) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    for org in &ORGANISATIONS {
        if members_db::organisation_by_name(&state.db, org.name)
            .await?
            .is_none()
        {
            let new = NewOrganisation {
                name: org.name,
                kind: org.kind.as_str(),
                country: Some(org.country),
                city: org.city,
                website: org.website,
                description: org.description,
                created_by: None,
            };
            members_db::find_or_create_organisation(&state.db, &new).await?;
            summary.organisations_created += 1;
        }
    }
    for m in &MEMBERS {
        if accounts::db::find_by_email(&state.db, m.email)
            .await?
            .is_some()
        {
            continue;
        }
        let registered = accounts::add_user(state, m.email, DEMO_PASSWORD, m.name, m.role)
            .await
            .map_err(|e| anyhow::anyhow!("demo member {}: {}", m.email, e.code()))?;
        let member = crate::web::identity::CurrentMember {
            id: registered.id,
            email: m.email.to_string(),
            name: m.name.to_string(),
            role: m.role,
            locale: crate::web::i18n::Locale::En,
            timezone: m.timezone.to_string(),
            session_id: 0,
            via: crate::web::identity::AuthVia::Cookie,
        };
        let mut contacts = vec![ContactInput {
            kind: crate::members::model::ContactKind::Email,
            value: m.email.into(),
            visibility: Visibility::Members,
        }];
        if !m.phone.is_empty() {
            contacts.push(ContactInput {
                kind: crate::members::model::ContactKind::Phone,
                value: m.phone.into(),
                visibility: Visibility::Contacts,
            });
        }
        let input = ProfileInput {
            position: Some(m.position.into()),
            // Naming an organisation asks its members: only the pending example does.
            organisation_name: (m.email == PENDING_EXAMPLE).then(|| m.organisation.into()),
            country: Some(m.country.into()),
            city: Some(m.city.into()),
            languages: Some(m.languages.iter().map(|l| l.to_string()).collect()),
            expertise: Some(m.expertise.iter().map(|x| x.to_string()).collect()),
            bio: Some(m.bio.into()),
            timezone: Some(m.timezone.into()),
            locale: Some(m.locale.into()),
            contacts: Some(contacts),
            ..Default::default()
        };
        crate::members::update_profile(state, &member, input)
            .await
            .map_err(|e| anyhow::anyhow!("demo profile {}: {}", m.email, e.code()))?;
        // The example content confirms its members itself.
        if m.email != PENDING_EXAMPLE
            && let Some(organisation) =
                members_db::organisation_by_name(&state.db, m.organisation).await?
        {
            crate::members::admit(state, organisation, registered.id)
                .await
                .map_err(|e| anyhow::anyhow!("demo organisation {}: {}", m.email, e.code()))?;
        }
        summary.members_created += 1;
    }
    if crate::events::demo::load(state).await? {
        summary.events_created += 1;
    }
    if let Some(eco_week) = crate::events::demo::eco_week(state).await?
        && crate::meetings::demo::load(state, eco_week).await?
    {
        summary.b2b_programmes_created += 1;
    }
    summary.library_documents_created = crate::library::load_demo(state).await?;
    let eco_week = crate::events::demo::eco_week(state).await?;
    summary.discussions_created = crate::discussions::demo::load(state, eco_week).await?;
    summary.live_created = crate::live::demo::load(state, eco_week).await?;
    // Much of the above is written straight to the database: caches of every instance read
    // it anew.
    crate::members::changed(state).await?;
    state.versions.raise(&state.db, crate::events::AREA).await?;
    Ok(summary)
}
