# B2B кездесулер: бағдарлама, профильдер, байланыс алаңы, сұраулар, кездесулер, кесте.

b2b-meeting-with = { $name } екеуіңіздің B2B кездесуі
b2b-their-zone = Екінші тараптың уақыт белдеуі: { $zone }
b2b-dashboard = B2B жиынтығы
b2b-meetings = B2B кездесулер
b2b-figure = Көрсеткіш
b2b-value = Мәні
b2b-participants = Қатысушылар
b2b-requests-sent = Жіберілген сұраулар
b2b-requests-accepted = Қабылданған сұраулар
b2b-requests-declined = Қабылданбаған сұраулар
b2b-requests-expired = Мерзімі өткен сұраулар
b2b-meetings-scheduled = Белгіленген кездесулер
b2b-meetings-held = Өткен кездесулер
b2b-follow-ups = Жалғастыруға қызығушылық
b2b-export-start = Басталуы
b2b-export-side-a = Сұраған
b2b-export-side-b = Сұралған
b2b-export-state = Күйі
b2b-export-took-place = Өтті
b2b-export-usefulness = Пайдасы (1–5)
b2b-export-follow-up = Жалғасы
b2b-state-draft = Жоба
b2b-state-scheduled = Белгіленді
b2b-state-cancelled = Болдырылмады
b2b-yes = Иә
b2b-no = Жоқ

error-b2b-not-enabled = Бұл іс-шарада B2B кездесулер жоқ.
error-b2b-registration-required = B2B кездесулерге қатысу үшін алдымен іс-шараға тіркеліңіз.
error-b2b-windows-invalid = Кемінде бір уақыт аралығын көрсетіңіз; әрқайсысы басталғаннан кейін аяқталуы керек.
error-b2b-window-outside-event = Уақыт аралығы іс-шара күндерінің біріне түсуі керек.
error-b2b-windows-overlap = Екі уақыт аралығы қиылысады.
error-b2b-windows-too-short = Уақыт аралықтары бір кездесуге де тым қысқа.
error-b2b-too-many-slots = Аралықтарда кездесулер тым көп (1 000 слоттан аспауы керек).
error-b2b-secret-too-short = Jitsi құпиясы кемінде 16 таңбадан тұруы керек.
error-b2b-group-required = Өзіңіз жататын топты таңдаңыз.
error-b2b-too-many-items = Профильде ең көбі 20 ұсыныс пен сұрау болады.
error-b2b-profile-required = Алдымен ынтымақтастық профиліңізді толтырыңыз.
error-b2b-slot-outside-windows = Бұл уақыт B2B слоттарының ешқайсысына сәйкес келмейді.
error-b2b-not-yourself = Мұны өзіңізбен жасауға болмайды.
error-b2b-kind-unknown = Ұсыныс не сұраудың белгісіз түрі.
error-b2b-participant-unknown = Бұл мүше іс-шараның B2B кездесулеріне қатыспайды.
error-b2b-deadline-passed = Кездесу сұрауларын жіберу мерзімі өтті.
error-b2b-rule-excludes = Ұйымдастырушылардың ережесі топтарыңыз арасындағы кездесуге рұқсат етпейді.
error-b2b-no-thanks = Тараптардың бірі екіншісімен кездескісі келмейді.
error-b2b-too-many-pending = Жауап күтіп тұрған сұрауларыңыз тым көп. Жауаптарды күтіңіз немесе біреуін кері қайтарыңыз.
error-b2b-request-exists = Екеуіңіздің араңызда сұрау бар.
error-b2b-not-recipient = Бұл сұрауға тек сұралған адам жауап бере алады.
error-b2b-meeting-limit = Тараптардың бірі рұқсат етілген кездесулердің ең көп санына жетті.
error-b2b-request-answered = Бұл сұрауға жауап берілген немесе ол кері қайтарылған.
error-b2b-request-expired = Бұл сұраудың мерзімі өтті.
error-b2b-slot-taken = Бұл уақыт екеуіңіз үшін бос емес. Басқасын таңдаңыз.
error-b2b-no-common-slot = Екеуіңізге де бос уақыт қалмады.
error-b2b-not-sender = Күтіп тұрған сұрауды тек жіберуші кері қайтара алады.
error-b2b-meeting-cancelled = Бұл кездесу болдырылмады.
error-b2b-no-move-proposed = Бұл кездесуді ауыстыруды ешкім ұсынған жоқ.
error-b2b-not-other-side = Ауыстыруды екінші тарап растауы керек.
error-b2b-not-your-meeting = Мұны тек кездесудің екі қатысушысы жасай алады.
error-b2b-join-closed = Бөлме кездесуден 10 минут бұрын ашылып, соңында жабылады.
error-b2b-no-video-server = Ұйымдастырушылар әлі бейнесерверді баптаған жоқ.
error-b2b-meeting-not-started = Кездесу басталған соң пікір қалдыруға болады.
error-b2b-schedule-clash = Біреудің бір уақытта екі кездесуі болып қалады. Кездесуді ауыстырыңыз не құлпын ашыңыз да, қайталап көріңіз.

## Беттер

b2b-title = B2B кездесулер
b2b-intro = Осы іс-шарадағы компаниялар мен серіктестер арасындағы бетпе-бет кездесулер. Не ұсынатыныңызды және не іздейтініңізді сипаттаңыз, серіктес тауып, оларды кездесуге шақырыңыз.
b2b-nav = B2B бөлімдері
b2b-nav-overview = Шолу
b2b-nav-marketplace = Байланыс алаңы
b2b-nav-requests = Сұраулар
b2b-nav-profile = Менің профилім
b2b-nav-meetings = Менің кездесулерім
b2b-nav-settings = Баптаулар
b2b-nav-schedule = Кесте
b2b-nav-dashboard = Көрсеткіштер
b2b-your-part = Сіздің қатысуыңыз
b2b-step-register = B2B кездесулерге қатысу үшін алдымен іс-шараға тіркеліңіз.
b2b-step-profile = Ынтымақтастық профиліңізді толтырыңыз: не ұсынасыз және не іздейсіз.
b2b-write-profile = Профильді толтыру
b2b-step-ready = Профиліңіз дайын
b2b-edit-profile = Профильді өзгерту
b2b-find-partners = Серіктес табу
b2b-requests-waiting = { $count ->
    [one] { $n } сұрау жауабыңызды күтуде
   *[other] { $n } сұрау жауабыңызды күтуде
}
b2b-requests-sent-waiting = { $count ->
    [one] Сіздің { $n } сұрауыңыз жауап күтуде
   *[other] Сіздің { $n } сұрауыңыз жауап күтуде
}
b2b-your-meetings = Осы іс-шарадағы кездесулеріңіз
b2b-all-meetings = Барлық кездесулерім
b2b-programme = Бағдарлама
b2b-meeting-length = Кездесу ұзақтығы
b2b-minutes = { $count ->
    [one] { $n } минут
   *[other] { $n } минут
}
b2b-break-minutes = { $count ->
    [one] әрқайсысынан кейін { $n } минут үзіліс
   *[other] әрқайсысынан кейін { $n } минут үзіліс
}
b2b-windows = Уақыт аралықтары
b2b-event-time = Іс-шара уақыты
b2b-slot-count = { $count ->
    [one] барлығы { $n } кездесу уақыты
   *[other] барлығы { $n } кездесу уақыты
}
b2b-max-meetings = Бір қатысушыға кездесу саны (ең көбі)
b2b-deadline = Сұрау жіберу мерзімі
b2b-deadline-passed = Мерзімі өтті
b2b-mode = Уақытты белгілеу
b2b-mode-auto-explained = Ұйымдастырушылар қабылданған сұраулар бойынша барлық кездесуді бірден жоспарлап, кестені жариялайды.
b2b-mode-self-explained = Сұрауды қабылдағанда екеуіңізге де бос уақытты өзіңіз таңдайсыз.
b2b-published = Жарияланды
b2b-rule = Кім кіммен кездеседі
b2b-rule-groups-explained = Кездесулер тек «{ $a }» мен «{ $b }» арасында өтеді.
b2b-organiser-hint = Ұйымдастырушы ретінде баптауларды, кестені және көрсеткіштерді жоғарыдағы мәзірден табасыз.
b2b-switch-on = B2B кездесулерді баптау

b2b-settings = B2B баптаулары
b2b-enabled = Бұл іс-шарада B2B кездесулер қосулы
b2b-meetings-and-limits = Кездесулер мен шектеулер
b2b-meeting-minutes = Кездесу ұзақтығы (минут)
b2b-break-minutes-field = Әр кездесуден кейінгі үзіліс (минут)
b2b-max-pending = Қатысушының бір мезгілде жауап күтетін сұрауларының саны
b2b-request-ttl = Сұраудың жарамдылық мерзімі (минут)
b2b-request-ttl-hint = Сұраулар жауап бергенге дейін жарамды болуы үшін бос қалдырыңыз. Бір тәулікте 1440 минут бар.
b2b-deadline-hint = Іс-шараның уақыт белдеуіндегі күн мен уақыт ({ $zone }). Мерзім болмаса, бос қалдырыңыз.
b2b-windows-hint = Іс-шара күндерінде, оның уақыт белдеуінде ({ $zone }). Жолды жою үшін оны тазартыңыз; сақтағаннан кейін жаңа бос жолдар пайда болады.
b2b-window-day = Күн
b2b-window-from = Басы
b2b-window-to = Соңы
b2b-rule-everyone = Барлығы барлығымен кездесе алады
b2b-rule-groups = Тек екі топ арасында
b2b-group-a = Бірінші топ (мысалы: шетелдік компаниялар)
b2b-group-b = Екінші топ (мысалы: жергілікті ұйымдар)
b2b-mode-self = Өз бетінше: сұрауды қабылдаған қатысушы екеуіне де бос уақытты брондайды
b2b-mode-auto = Автоматты: ұйымдастырушылар жоспарлаушыны іске қосып, кестені жариялайды
b2b-video = Бейнебөлмелер
b2b-room-link = Әр кездесуге жеке бөлменің сілтемесі
b2b-room-jitsi = Қолтаңбалы токендері бар Jitsi
b2b-room-base = Бейнесервердің мекенжайы
b2b-jitsi-app-id = Jitsi қолданбасының ID-і
b2b-jitsi-secret = Jitsi қолданбасының құпиясы
b2b-jitsi-secret-hint = Кемінде 16 таңба. Ол қайта көрсетілмейді.
b2b-jitsi-secret-kept = Құпия сақталған. Оны қалдыру үшін өрісті бос қалдырыңыз немесе ауыстыру үшін жаңасын енгізіңіз.

b2b-profile = Менің B2B профилім
b2b-profile-intro = Басқа қатысушылар сізді осында жазғаныңыз арқылы табады.
b2b-organisation = Ұйым
b2b-pitch = Қысқаша: сіз кімсіз және не іздейсіз
b2b-pitch-hint = Ең көбі 1000 таңба.
b2b-languages = Кездесу тілдері
b2b-your-group = Сіздің тобыңыз
b2b-offers-and-requests = Не ұсынасыз және не іздейсіз
b2b-items-hint = Әр ұсыныс не сұранысқа бір жазба. Жазбаны жою үшін оны тазартыңыз; сақтағаннан кейін жаңа бос жазбалар пайда болады.
b2b-item-n = Ұсыныс не сұраныс { $n }
b2b-item-title = Атауы
b2b-item-error = Ұсыныс не сұраныс { $n }: { $message }
b2b-direction = Ұсыныс не сұраныс
b2b-direction-offer = Ұсынамын
b2b-direction-request = Іздеймін
b2b-kind = Түрі
b2b-kind-product = Өнім
b2b-kind-service = Қызмет
b2b-kind-technology = Технология
b2b-kind-partnership = Серіктестік
b2b-kind-investment = Инвестиция
b2b-kind-expertise = Сараптама
b2b-topics = Салалар
b2b-countries = Елдер
b2b-countries-hint = Елдердің екі әріпті кодтары үтір арқылы, мысалы KZ, DE.
b2b-countries-label = Елдер
b2b-save-profile = Профильді сақтау
b2b-availability = Қашан кездесе аламын
b2b-availability-hint = Кездесе алатын уақыттарыңызды белгілеңіз. Бұл форманы сақтағанша кез келген уақыт бос саналады.
b2b-availability-after-profile = Алдымен профиліңізді сақтаңыз; содан кейін қашан кездесе алатыныңызды таңдай аласыз.
b2b-save-availability = Уақытымды сақтау
b2b-your-time-in = сіздің уақытыңыз, { $zone }
b2b-event-time-in = іс-шара уақыты, { $zone }

b2b-marketplace = Байланыс алаңы
b2b-search = Іздеу
b2b-topic = Сала
b2b-country = Ел
b2b-language = Тіл
b2b-suggested = Сізге ұсынылады
b2b-suggestions-need-profile = Ұсыныстар алу үшін профиліңізді толтырыңыз.
b2b-suggestions-none = Әзірге ұсыныс жоқ. Олар пайда болуы үшін профиліңізге ұсыныстар мен сұраныстар қосыңыз.
b2b-why = Неліктен:
b2b-results = Нәтижелер
b2b-all-participants = Барлық қатысушылар
b2b-no-results = Ешкім табылмады.
b2b-offers = Ұсынады
b2b-requests-sought = Іздейді
b2b-reason-they-offer = «{ $offer }» ұсынады, бұл сіздің «{ $request }» сұранысыңызға сай келеді.
b2b-reason-you-offer = Сіздің «{ $offer }» ұсынысыңыз олардың «{ $request }» сұранысына сай келеді.
b2b-reason-topics = Ортақ салалар: { $topics }.
b2b-reason-languages = Екеуіңіз де сөйлейтін тіл: { $languages }.
b2b-time-zone = Уақыт белдеуі
b2b-ask-meeting = Кездесуге шақыру
b2b-request-exists-sent = Сіз кездесу сұрадыңыз: { $status }.
b2b-request-exists-received = Сізден кездесу сұралды: { $status }.
b2b-message = Хабарлама
b2b-priority = Бұл сіз үшін қаншалықты маңызды?
b2b-priority-1 = Болса жақсы
b2b-priority-2 = Пайдалы
b2b-priority-3 = Маңызды
b2b-send-request = Сұрау жіберу
b2b-your-mark = Сіздің белгіңіз
b2b-mark-must-meet = Міндетті түрде кездесу
b2b-mark-no-thanks = Жоқ, рақмет
b2b-mark-clear = Белгіні алып тастау
b2b-mark-hint = «Міндетті түрде кездесу» бұл қатысушыны сіз үшін де, жоспарлаушы үшін де бірінші орынға қояды. «Жоқ, рақмет» екеуіңіздің ешқайсыңыз бір-біріңізге сұрау жібере алмайтыныңызды білдіреді.

b2b-requests = Кездесу сұраулары
b2b-times-in = Уақыт { $zone } белдеуінде көрсетілген.
b2b-received = Келгендер
b2b-sent = Жіберілгендер
b2b-none-received = Әзірге сұрау келген жоқ.
b2b-none-sent = Сіз әлі ешкімге сұрау жібермедіңіз.
b2b-sent-at = Жіберілді: { $time }
b2b-expires-at = мерзімі бітеді: { $time }
b2b-reason = Себебі
b2b-open-meeting = Кездесуді ашу
b2b-choose-slot = Екеуіңізге де бос уақытты таңдаңыз
b2b-accept = Қабылдау
b2b-accept-auto-hint = Ұйымдастырушылар қабылданған сұрауларды кестеге енгізеді.
b2b-decline-reason = Себебі (міндетті емес; жіберуші оны көреді)
b2b-decline = Қабылдамау
b2b-withdraw = Кері қайтарып алу
b2b-cancel-accepted = Кездесуден бас тарту
b2b-status-pending = Жауап күтуде
b2b-status-accepted = Қабылданды
b2b-status-declined = Қабылданбады
b2b-status-cancelled = Кері алынды
b2b-status-expired = Мерзімі өтті

b2b-my-meetings = Менің B2B кездесулерім
b2b-no-meetings = Сізде әлі B2B кездесу жоқ.
b2b-your-time = сіздің уақытыңыз
b2b-their-time = { $name }: { $time } ({ $zone })
b2b-join = Кездесуге кіру
b2b-join-hint = Бөлме басталуға 10 минут қалғанда ашылады.
b2b-join-open = Бөлме ашық.
b2b-meeting = B2B кездесу
b2b-meeting-between = B2B кездесу: { $a } және { $b }
b2b-locked = Бекітілген
b2b-you = Сіз
b2b-room = Бейнебөлме
b2b-move = Кездесуді ауыстыру
b2b-move-proposed-to = Кездесуді { $time } уақытына (сіздің уақытыңыз) ауыстыру ұсынылды.
b2b-move-waiting = Екінші тарап ауыстыруды растауы керек
b2b-move-confirm = Ауыстыруды растау
b2b-move-reject = Бұрынғы уақытты қалдыру
b2b-propose-move = Басқа уақыт ұсыну
b2b-new-time = Жаңа уақыт (екеуіңізге де бос)
b2b-propose = Ұсыну
b2b-organiser-tools = Ұйымдастырушыларға
b2b-move-to = Ауыстыру уақыты
b2b-move-now = Ауыстыру
b2b-lock = Бекіту
b2b-unlock = Босату
b2b-cancel-meeting = Кездесуден бас тарту
b2b-feedback = Қалай өтті?
b2b-took-place = Кездесу өтті ме?
b2b-usefulness = Қаншалықты пайдалы болды?
b2b-usefulness-hint = 1 — пайдасыз, 5 — өте пайдалы.
b2b-follow-up = Байланысты жалғастырғым келеді
b2b-comment = Ұйымдастырушыларға пікір
b2b-send-feedback = Пікір жіберу

b2b-schedule = B2B кестесі
b2b-drafts-count = { $count ->
    [one] жобада { $n } кездесу
   *[other] жобада { $n } кездесу
}
b2b-scheduled-count = { $count ->
    [one] { $n } жарияланған кездесу
   *[other] { $n } жарияланған кездесу
}
b2b-published-at = жарияланды: { $time }
b2b-run-scheduler = Жобаны есептеу
b2b-publish = Жобаны жариялау
b2b-run-hint = Жаңа есептеу бекітілмеген жобаларды ауыстырады; жарияланған және бекітілген кездесулер орнында қалады. Жариялағанда әр кездесудің екі тарапына да хабар беріледі.
b2b-schedule-self-hint = Қатысушылар сұрауды қабылдағанда кездесуді өздері брондайды. Жеке кездесулерді бәрібір ауыстыруға, бекітуге және болдырмауға болады.
b2b-quality = Соңғы жобаның сапасы
b2b-meaning = Мағынасы
b2b-quality-placed = Кестедегі кездесулер
b2b-quality-placed-explained = Қабылданған { $placed } сұрауға уақыт берілді.
b2b-quality-bound = Жоғарғы шек
b2b-quality-bound-explained = Осы сұраулар, уақыттар мен шектеулер кезінде ешбір кесте { $bound } кездесуден артық сыйдыра алмайды.
b2b-quality-gap = Алшақтық
b2b-quality-gap-explained = Кесте ең жақсы мүмкін кестеден ең көбі { $gap } кем.
b2b-quality-greedy = «Алғашқы бос уақытпен» салыстыру
b2b-quality-greedy-explained = Әр сұрауды кезегімен алғашқы бос уақытқа қойса, { $greedy } кездесу шығар еді; бұл кестеде — { $placed }.
b2b-quality-hours = Жұмыс уақытында
b2b-quality-hours-explained = { $placed } кездесудің { $hours } екі тарап үшін де, әрқайсысының өз белдеуінде, жұмыс күні 8:00 мен 18:00 аралығына түседі.
b2b-quality-must = «Міндетті» кездесулер кестеде
b2b-quality-must-explained = «Міндетті түрде кездесу» белгісі бар { $total } сұраудың { $placed } уақыт алды.
b2b-plan = Жоспар
b2b-plan-times = Уақыт іс-шараның белдеуінде ({ $zone }).
b2b-plan-empty = Әзірге кездесу жоқ.
b2b-unplaced = Уақыты жоқ қабылданған сұраулар
b2b-unplaced-hint = Өзгерістерден кейін жобаны қайта есептеңіз немесе орын босату үшін кездесулерді ауыстырыңыз.

b2b-requests-pending = Күтудегі сұраулар
b2b-requests-cancelled = Кері алынған сұраулар
b2b-meetings-draft = Жобадағы кездесулер
b2b-meetings-cancelled = Болдырылмаған кездесулер
b2b-feedback-answers = Пікірлер
b2b-usefulness-mean = Орташа пайда (1–5)
b2b-by-country = Елдер бойынша
b2b-by-sector = Салалар бойынша
b2b-unknown = Көрсетілмеген
b2b-no-data = Әзірге ештеңе жоқ.

b2b-event-link = B2B кездесулер
b2b-event-link-set-up = B2B кездесулерді баптау

notice-meetings-settings-saved = B2B баптаулары сақталды.
notice-meetings-profile-saved = B2B профиліңіз сақталды.
notice-meetings-availability-saved = Уақытыңыз сақталды.
notice-meetings-request-sent = Сұрауыңыз жіберілді.
notice-meetings-mark-saved = Белгіңіз сақталды.
notice-meetings-accepted = Қабылданды: кездесу брондалды.
notice-meetings-request-accepted = Қабылданды. Кездесу уақытын ұйымдастырушылар белгілейді.
notice-meetings-request-declined = Сұрау қабылданбады.
notice-meetings-request-cancelled = Сұрау кері алынды.
notice-meetings-move-proposed = Жаңа уақыт ұсынылды; екінші тараптан оны растау сұралды.
notice-meetings-move-confirmed = Кездесу ауыстырылды.
notice-meetings-move-rejected = Кездесу бұрынғы уақытында қалады.
notice-meetings-meeting-cancelled = Кездесу болдырылмады.
notice-meetings-meeting-changed = Кездесу өзгертілді.
notice-meetings-feedback-saved = Пікіріңізге рақмет.
notice-meetings-schedule-computed = Жаңа жоба есептелді.
notice-meetings-schedule-published = Кесте жарияланды.

error-b2b-preference-unknown = Белгісіз белгі.
error-b2b-action-unknown = Белгісіз әрекет.
