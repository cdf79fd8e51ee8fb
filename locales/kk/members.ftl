# Қатысушылар: каталог, профильдер, ұйымдар, байланыстар.

directory-title = Қатысушылар
directory-search = Іздеу
directory-search-submit = Іздеу
directory-empty = Сұрауыңызға сәйкес қатысушылар табылмады.
organisations-title = Ұйымдар
organisations-empty = Ұйымдар табылмады.
organisation-no-members = Әзірге қатысушылар жоқ.
organisation-hint = Бар ұйымды таңдаңыз немесе жаңа ұйымның атауын енгізіңіз.
profile-edit = Профильді өңдеу
profile-contact-details = Байланыс деректері
profile-login-for-more = Көбірек байланыс деректерін көру үшін жүйеге кіріңіз.
photo-of = { $name } фотосы
photo-choose = Фото таңдаңыз (JPEG, PNG немесе WebP, ең көбі { $size } МБ)
photo-upload = Фотоны жүктеу
photo-remove = Фотоны жою
bio-hint = Markdown қолдау көрсетіледі: **қалың**, *көлбеу*, [сілтемелер](https://example.org), тізімдер.

contact-request = Байланыс сұрауын жіберу
contact-message = Хабарлама (міндетті емес)
contact-accept = Қабылдау
contact-decline = Бас тарту
contact-remove = Байланыстардан жою
contact-state-contacts = Сіз бұл қатысушымен байланыстасыз.
contact-state-sent = Байланыс сұрауыңыз жауап күтуде.
contacts-title = Байланыстар
contacts-incoming = Сізге келген сұраулар
contacts-outgoing = Сіз жіберген сұраулар
contacts-accepted = Сіздің байланыстарыңыз
contacts-none = Жоқ.

org-kind-company = Компания
org-kind-public-body = Мемлекеттік орган
org-kind-ngo = ҮЕҰ
org-kind-research = Ғылыми ұйым
org-kind-association = Қауымдастық
org-kind-chamber = Палата
visibility-public = Барлығына
visibility-members = Қатысушыларға
visibility-contacts = Тек байланыстарға
contact-kind-email = Электрондық пошта
contact-kind-phone = Телефон
contact-kind-website = Веб-сайт
contact-kind-linkedin = LinkedIn
contact-kind-telegram = Telegram
organisation-edit = Ұйымды өңдеу
