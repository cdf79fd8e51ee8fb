# Іс-шаралар: бағдарлама, сессиялар, тіркелу, жеке бағдарлама, ұйымдастырушы құралдары.

nav-events = Іс-шаралар
events-title = Іс-шаралар
events-none = Алдағы іс-шаралар жоқ.
events-past = Өткен іс-шаралар
event-new = Жаңа іс-шара
event-edit = Іс-шараны өңдеу
event-running = Қазір өтуде
event-members-only = Тек қатысушыларға
event-public = Барлығына
event-visibility = Кімге көрінеді
event-zone = Уақыт белдеуі
event-organisers = Ұйымдастырушылар
event-organiser-tools = Ұйымдастырушы құралдары
event-organisers-field = Ұйымдастырушылар
event-default-language = Оқырманның тілі болмаған кездегі тіл
event-form-languages-hint = Атауы мен сипаттамасын төрт тілге дейін беріңіз; оқырмандар өз тілін немесе әдепкі тілді көреді.
event-first-day = Бірінші күн
event-last-day = Соңғы күн
event-registration-open = Тіркелу ашық
event-register = Тіркелу
event-register-confirm = Тіркелуді растау
event-unregister = Тіркелуден бас тарту
event-you-are-registered = Сіз тіркелдіңіз
event-edit-answers = Жауаптарды өзгерту
event-registration-closed = Тіркелу жабық
event-sign-in-to-register = Тіркелу үшін кіріңіз
event-calendar-file = Күнтізбе файлы (.ics)
event-participants = Қатысушылар
event-registrations-per-session = Сессиялар бойынша тіркелулер
event-messages = Қатысушыларға хабарламалар
event-messages-none = Әзірге хабарлама жоқ.
event-message-subject = Тақырыбы
event-message-body = Хабарлама
event-message-send = Барлық қатысушыларға жіберу
event-message-recipients = { $count ->
    [one] { $n } қатысушыға жіберілді
   *[other] { $n } қатысушыға жіберілді
}
event-cover = Мұқаба
event-cover-choose = Іс-шара бетінің жоғарғы жағына арналған кең сурет (JPEG, PNG немесе WebP, ең көбі { $size } МБ; 1600 × 500 өлшеміне қиылады)
event-cover-upload = Мұқабаны жүктеу
event-cover-remove = Мұқабаны жою
event-chat = Іс-шара чаты
event-materials = Кітапханадағы материалдар
event-questions = Тіркелу кезіндегі сұрақтар
event-questions-hint = Бос сұрақ өшіріледі. Таңдау үшін нұсқаларды нүктелі үтір арқылы жазыңыз.
event-question = Сұрақ
event-question-kind = Жауап түрі
event-question-text = Еркін мәтін
event-question-choice = Таңдау
event-question-options = Нұсқалар (; арқылы)
event-question-required = Міндетті

schedule-zones = Уақыт белдеулері
schedule-zone-note = Уақыт іс-шара белдеуінде ({ $event }) және сіздің белдеуіңізде ({ $viewer }) көрсетілген: сіздің сағатыңыз { $difference }.
schedule-zone-same = Барлық уақыт { $zone } белдеуінде.
schedule-show-in-zone = Менің уақытымды көрсету белдеуі
schedule-your-time = сіздің уақытыңыз бойынша { $time }
schedule-days = Күндер
schedule-all-days = Барлық күндер
schedule-empty = Бұл күні сессия жоқ.
filter-all = Барлығы
filter-reset = Барлығын көрсету
action-filter = Сүзу
action-show = Көрсету

session-new = Сессия қосу
session-edit = Сессияны өңдеу
session-delete = Сессияны жою
field-title = Атауы
session-kind = Түрі
session-kind-talk = Баяндама
session-kind-panel = Панельдік талқылау
session-kind-workshop = Шеберлік сабағы
session-kind-b2b = B2B кездесулер
session-kind-networking = Нетворкинг
session-track = Секция
session-room = Зал
session-starts = Басталуы
session-ends = Аяқталуы
session-times-hint = Уақыт іс-шара белдеуінде көрсетіледі: { $zone }.
session-language = Тілі
session-interpretation = Аударма тілі
session-join = Сессияға қосылу
session-join-url = Виртуалды залға сілтеме (https)
session-recording = Жазба
session-recording-url = Жазбаға сілтеме (https)
session-capacity = Орын саны (бос: шектеусіз)
session-seats = Орындар
session-seats-left = { $capacity } орынның { $left } бос
session-full-waiting = Орын жоқ · күту тізімі: { $waiting }
session-speakers = Спикерлер
session-speakers-hint = Сөз сөйлейтін платформа қатысушылары: алып тастау үшін белгіні алыңыз немесе аты бойынша қосыңыз.
session-materials = Материалдар
session-materials-hint = Әр жолға біреуден: «Атауы | https://…» (кітапхана құжаты немесе кез келген сілтеме).
session-live = Қазір өтуде
session-next = Келесі
session-register = Менің бағдарламама
session-join-waiting-list = Күту тізіміне
session-unregister = Менің бағдарламамнан алып тастау
session-you-have-seat = Сіздің бағдарламаңызда
session-you-wait = Күту тізімінде
session-waiting-position = Сіз күту тізімінде { $position }-орындасыз.
session-add-to-calendar = Күнтізбеге қосу

agenda-title = Менің бағдарламам
agenda-empty = Бағдарламаңыз бос. Іс-шара бағдарламасынан сессиялар қосыңыз.
agenda-times-in = Уақыт { $zone } белдеуінде.
agenda-overlap = Уақыты сәйкес келеді: { $titles }
agenda-cancelled = Болдырылмады
agenda-feed = Күнтізбеге жазылу
agenda-feed-help = Сессияларыңызды сол жерден көру үшін күнтізбе бағдарламаңызда осы жеке мекенжайға жазылыңыз. Мекенжайды білетін кез келген адам бағдарламаңызды оқи алады: ол басқаларға белгілі болса, жаңартыңыз.
agenda-feed-create = Күнтізбе мекенжайымды жасау
agenda-feed-renew = Мекенжайды жаңарту
agenda-feed-revoke = Өшіру

tz-same = бірдей
tz-ahead = { $amount } алда
tz-behind = { $amount } артта
tz-hours = { $count ->
    [one] { $n } сағат
   *[other] { $n } сағат
}
tz-minutes = { $count ->
    [one] { $n } минут
   *[other] { $n } минут
}
tz-hours-minutes = { $hours } сағ { $minutes } мин

weekday-1 = дүйсенбі
weekday-2 = сейсенбі
weekday-3 = сәрсенбі
weekday-4 = бейсенбі
weekday-5 = жұма
weekday-6 = сенбі
weekday-7 = жексенбі

export-name = Аты-жөні
export-email = Электрондық пошта
export-position = Лауазымы
export-organisation = Ұйым
export-country = Ел
export-registered-at = Тіркелген күні
export-sessions = Сессиялар
export-waiting = Күту тізімі
export-csv = CSV жүктеу
export-xlsx = Excel жүктеу

notice-event-created = Іс-шара құрылды.
notice-event-registered = Сіз тіркелдіңіз.
notice-event-unregistered = Тіркелуіңіз тоқтатылды.
notice-seat-taken = Сессия бағдарламаңызға қосылды.
notice-seat-waiting = Орын жоқ: сіз күту тізіміндесіз.
notice-seat-released = Сессия бағдарламаңыздан алынды.
notice-session-saved = Сессия сақталды.
notice-session-deleted = Сессия жойылды.
notice-feed-created = Күнтізбе мекенжайыңыз дайын.
notice-feed-renewed = Күнтізбе мекенжайы жаңартылды; ескісі енді жұмыс істемейді.
notice-feed-revoked = Күнтізбе мекенжайы өшірілді.
notice-message-sent = Хабарлама жіберілді.

error-field-required = Бұл өрісті толтырыңыз.
error-date-invalid = Күнді ЖЖЖЖ-АА-КК түрінде беріңіз.
error-datetime-invalid = Күн мен уақытты беріңіз, мысалы 2023-02-21T10:00.
error-datetime-ambiguous = Іс-шара белдеуінде мұндай жергілікті уақыт жоқ немесе екі рет болады (сағатты ауыстыру). Басқа уақытты таңдаңыз.
error-event-ends-before-start = Соңғы күн бірінші күннен бұрын.
error-event-too-long = Іс-шара 31 күннен аспайды.
error-event-excludes-sessions = Кейбір сессиялар іс-шараның жаңа күндерінен тыс қалады. Алдымен оларды ауыстырыңыз.
error-default-locale-without-title = Әдепкі тілге атау қажет.
error-session-ends-before-start = Сессия басталмай тұрып аяқталады.
error-session-outside-event = Сессия іс-шара күндерінде өтуі керек.
error-session-kind-unknown = Сессияның белгісіз түрі.
error-url-not-https = Толық https:// сілтемесін беріңіз.
error-url-too-long = Сілтеме тым ұзын.
error-capacity-invalid = Орын саны 1-ден бастап бүтін сан болуы керек.
error-capacity-below-registrations = Бұл саннан көп адам орын алып қойған.
error-organisers-required = Іс-шараның кемінде бір ұйымдастырушысы болуы керек.
error-member-unknown = Бұл нөмірмен белсенді қатысушы жоқ.
people-find = Аты бойынша қосу
people-find-hint = Қатысушылар анықтамалығындағыдай аттар, әр жолға біреуден. Бір атқа бірнеше қатысушы сәйкес келсе, олар жоғарыда көрсетіледі: керектісін белгілеңіз.
session-guests = Шақырылған спикерлер
session-guests-hint = Әр жолға біреуден: «Аты — өзі туралы қысқаша».
error-member-name-unknown = Дәл осындай аты бар қатысушы жоқ. Жазылуын тексеріңіз немесе табылғандардың бірін белгілеңіз.
error-member-name-ambiguous = Бұл атпен бірнеше қатысушы бар. Керектісін белгілеңіз.
error-organiser-role-required = Қосалқы ұйымдастырушыларға ұйымдастырушы рөлі қажет; оны әкімші бере алады.
error-question-unknown = Бұл сұрақ іс-шараға жатпайды.
error-question-needs-options = Таңдау үшін кемінде екі нұсқа қажет.
error-answer-required = Міндетті сұрақтарға жауап беріңіз.
error-answer-not-an-option = Нұсқалардың бірін таңдаңыз.
error-registration-closed = Бұл іс-шараға тіркелу жабық.
error-event-over = Бұл іс-шара өтіп кетті.
error-session-over = Бұл сессия өтіп кетті.
error-event-registration-required = Алдымен іс-шараға тіркеліңіз.
