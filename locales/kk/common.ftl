# Бүкіл сайтқа ортақ: навигация, өрістер, күндер, сандар.

nav-skip = Мазмұнға өту
nav-main = Негізгі навигация
nav-language = Тіл
nav-directory = Қатысушылар
nav-organisations = Ұйымдар
nav-contacts = Байланыстар
nav-meetings = Кездесулер
nav-notifications = Хабарламалар
nav-admin = Әкімшілік
nav-login = Кіру
nav-logout = Шығу
nav-register = Тіркелу
footer-text = Circula — Қазақстан мен Германия арасындағы қалдықтарды басқару және айналымды экономика саласы қауымдастығының желісі.

action-save = Сақтау
action-add = Қосу
action-delete = Жою
filter-any = Барлығы
pagination = Беттер
pagination-prev = Алдыңғы
pagination-next = Келесі
pagination-page = { $pages } беттің { $page }-беті

field-name = Аты-жөні
field-email = Электрондық пошта
field-password = Құпиясөз
field-current-password = Ағымдағы құпиясөз
field-new-password = Жаңа құпиясөз
field-label = Атауы
field-position = Лауазымы
field-organisation = Ұйым
field-organisation-kind = Ұйым түрі
field-country = Ел
field-city = Қала
field-timezone = Уақыт белдеуі
field-locale = Хаттар тілі
field-language = Меңгерген тілі
field-languages = Меңгерген тілдері
field-expertise = Мамандану салалары
field-bio = Өзі туралы
field-website = Веб-сайт
field-description = Сипаттама
field-photo = Фото
field-visibility = Кімге көрінеді
field-status = Мәртебесі
field-role = Рөлі
field-slug = Кілт
field-position-order = Реті

local-time = жергілікті уақыт бойынша { $time }
local-time-zone = Жергілікті уақыт: { $time } ({ $zone })

members-count = { $count ->
    [one] { $n } қатысушы
   *[other] { $n } қатысушы
}
organisations-count = { $count ->
    [one] { $n } ұйым
   *[other] { $n } ұйым
}

date-long = { $year } ж. { $day } { $month }
month-genitive-1 = қаңтар
month-genitive-2 = ақпан
month-genitive-3 = наурыз
month-genitive-4 = сәуір
month-genitive-5 = мамыр
month-genitive-6 = маусым
month-genitive-7 = шілде
month-genitive-8 = тамыз
month-genitive-9 = қыркүйек
month-genitive-10 = қазан
month-genitive-11 = қараша
month-genitive-12 = желтоқсан

notice-saved = Сақталды.
notice-welcome = Circula-ға қош келдіңіз! Қауымдастыққа өзіңіз туралы айтып беріңіз.
notice-profile-saved = Профиліңіз сақталды.
notice-photo-saved = Фотоңыз сақталды.
notice-photo-removed = Фотоңыз жойылды.
notice-password-changed = Құпиясөзіңіз өзгертілді. Басқа сеанстардың барлығы жабылды.
notice-token-revoked = Токеннің күші жойылды.
notice-contact-sent = Байланыс сұрауыңыз жіберілді.
notice-contact-accepted = Байланыс сұрауы қабылданды.
notice-contact-declined = Байланыс сұрауынан бас тартылды.
notice-contact-removed = Байланыс жойылды.
notice-membership-approved = Сұрау расталды.
notice-membership-declined = Сұрау қабылданбады.
notice-membership-removed = Мүше ұйымнан шығарылды.

status-pending = Мақұлдауды күтуде
status-active = Белсенді
status-blocked = Бұғатталған
role-member = Қатысушы
role-organiser = Ұйымдастырушы
role-admin = Әкімші
