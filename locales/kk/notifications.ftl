# Хабарламалар.

notifications-title = Хабарламалар
notifications-none = Әзірге хабарламалар жоқ.
notifications-mark-all = Барлығын оқылды деп белгілеу
notifications-unread = оқылмаған
notifications-settings = Хабарлама баптаулары
notifications-email-legend = Электрондық поштаға да жіберу
notifications-mail-off = Бұл сайтта электрондық пошта бапталмаған, сондықтан хабарламалар тек осында көрсетіледі.
notification-contact-request = { $actor } сізбен байланыс орнатқысы келеді.
notification-contact-request-setting = Байланыс сұраулары
notification-organisation-request = { $actor } «{ $detail }» ұйымына мүше ретінде қосылуды сұрайды.
notification-organisation-request-setting = Ұйымыңызға қосылу сұраулары
notification-meeting-request = { $actor } сізбен кездесуді ұсынады: { $detail }.
notification-meeting-request-setting = B2B кездесу сұраулары
notification-meeting-accepted = { $actor } кездесу сұрауыңызды қабылдады: { $detail }.
notification-meeting-accepted-setting = Қабылданған кездесу сұраулары
notification-meeting-declined = { $actor } кездесу сұрауыңызды қабылдамады: { $detail }.
notification-meeting-declined-setting = Қабылданбаған кездесу сұраулары
notification-meeting-cancelled = { $actor } B2B кездесуіңізді болдырмады: { $detail }.
notification-meeting-cancelled-setting = Болдырылмаған B2B кездесулер
notification-meeting-move-proposed = { $actor } B2B кездесуіңізді ауыстыруды ұсынады: { $detail }.
notification-meeting-move-proposed-setting = B2B кездесуді ауыстыру ұсыныстары
notification-meeting-moved = { $actor } B2B кездесуіңізді ауыстырды: { $detail }.
notification-meeting-moved-setting = Ауыстырылған B2B кездесулер
notification-meeting-scheduled = { $actor } екеуіңіздің B2B кездесуіңіз белгіленді: { $detail }.
notification-meeting-scheduled-setting = Белгіленген B2B кездесулер
notification-meeting-reminder = Жақында: { $actor } екеуіңіздің B2B кездесуіңіз, { $detail }.
notification-meeting-reminder-setting = B2B кездесулер алдындағы еске салғыштар
notification-contact-accepted = { $actor } байланыс сұрауыңызды қабылдады.
notification-contact-accepted-setting = Қабылданған байланыс сұраулары
notification-registration-pending = { $actor } тіркелді және мақұлдауды күтуде.
notification-registration-pending-setting = Мақұлдауды күтіп тұрған тіркелулер
notification-role-changed = { $actor } рөліңізді өзгертті.
notification-role-changed-setting = Рөліңіздің өзгеруі
notification-seat-confirmed = Орын босады: «{ $detail }» енді бағдарламаңызда.
notification-seat-confirmed-setting = Күту тізімінен орын
notification-session-cancelled = { $actor } «{ $detail }» сессиясын тоқтатты.
notification-session-cancelled-setting = Тоқтатылған сессиялар
notification-event-message = { $actor } қатысушыларға жазды: { $detail }
notification-event-message-setting = Іс-шара ұйымдастырушыларының хабарламалары
mail-notification-body =
    { $text }

    { $link }

    Қандай хабарламаларды электрондық пошта арқылы алатыныңызды хабарлама баптауларында таңдай аласыз.
notification-discussion-topic = { $actor } тақырып ашты: { $detail }
notification-discussion-topic-setting = Мен жазылған санаттардағы жаңа тақырыптар
notification-discussion-reply = { $actor } «{ $detail }» тақырыбында жауап берді.
notification-discussion-reply-setting = Мен жазылған тақырыптардағы жауаптар
notification-discussion-mention = { $actor } сізді «{ $detail }» тақырыбында атап өтті.
notification-discussion-mention-setting = Талқылаулардағы аталымдар
notification-discussion-accepted = { $actor } «{ $detail }» тақырыбындағы жауабыңызды шешім деп белгіледі.
notification-discussion-accepted-setting = Жауаптарым шешім деп белгіленді
notifications-digest-legend = Талқылаулар поштамен
notifications-digest-hint = Көп тақырыпты бақылайсыз ба? Әр хабарлама үшін хат орнына күніне немесе аптасына бір хат.
notifications-digest-each = Әр хабарламаға бір хат
notifications-digest-daily = Күнделікті жиынтық
notifications-digest-weekly = Апталық жиынтық
mail-digest-subject-daily = Circula: бүгін талқылауларда жаңа — { $count }
mail-digest-subject-weekly = Circula: осы аптада талқылауларда жаңа — { $count }
mail-digest-body = Сіз бақылайтын талқылауларда не болды:

    { $items }

    Алу тәсілін өзгерту: { $settings }
mail-digest-more = { $count ->
   *[other] … және тағы { $n }.
}
error-digest-unknown = Әр хабарламаға бір хат, күнделікті немесе апталық жиынтықты таңдаңыз.
notification-survey-open = «{ $detail }» қалай өтті? Ұйымдастырушылар пікіріңізді сұрайды.
notification-survey-open-setting = Іс-шарадан кейінгі сауалнамалар
notification-survey-reminder = Еске салу: «{ $detail }» туралы сауалнама әлі ашық.
notification-survey-reminder-setting = Сауалнамалар туралы еске салулар
