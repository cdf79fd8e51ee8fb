# Чат
nav-chat = Чат
chat-title = Чат
chat-search = Хабарларды іздеу
chat-search-button = Іздеу
chat-search-none = Хабар табылмады.
chat-open-in-channel = Арнада ашу
chat-my-channels = Менің арналарым мен әңгімелерім
chat-direct-prefix = Жеке:
chat-unread-count = { $count ->
    [one] { $n } оқылмаған хабар
   *[other] { $n } оқылмаған хабар
}
chat-none = Сіз әзірге ешбір арнада жоқсыз. Ашық арнаға қосылыңыз немесе әңгіме бастаңыз.
chat-public-channels = Ашық арналар
chat-join = Қосылу
chat-direct-start = Әңгіме бастау
chat-direct-names = Адамдардың аттары (9-ға дейін, үтір арқылы)
chat-direct-open = Әңгімені ашу
chat-create = Жаңа арна
chat-field-title = Атауы
chat-field-topic = Тақырыбы
chat-field-kind = Кім қосыла алады
chat-kind-private = Жабық: шақыру бойынша
chat-kind-public = Ашық: кез келген қатысушы
chat-create-button = Арна құру
chat-edited = (өзгертілген)
chat-deleted = Бұл хабар жойылды.
chat-hidden = Бұл хабарды модератор жасырды.
chat-typing = { $name } жазып жатыр…
chat-reconnecting = Байланыс үзілді, қайта қосылуда…
chat-online = желіде
chat-away = уақытша жоқ
chat-back = Чатқа оралу
chat-member-count = { $count ->
    [one] { $n } қатысушы
   *[other] { $n } қатысушы
}
chat-moderator = модератор
chat-silence = Бұл арнада жазуға тыйым салу
chat-unsilence = Жазуға қайта рұқсат беру
chat-invite = Қатысушыны аты бойынша шақыру
chat-invite-button = Шақыру
chat-mute = Арна хабарламаларын өшіру
chat-unmute = Арна хабарламаларын қосу
chat-leave = Арнадан шығу
chat-jump-unread = Алғашқы оқылмаған хабарға өту
chat-older = Ертерек хабарлар
chat-newest = Ең жаңа хабарлар
chat-new-messages = Жаңа хабарлар
chat-edit = Өзгерту
chat-delete = Жою
chat-hide = Жасыру
chat-report = Модераторларға шағымдану
chat-empty = Әзірге хабар жоқ.
chat-message = Хабар (Markdown)
chat-attach = Файл тіркеу ({ $size } КБ-қа дейін)
chat-document-field = Кітапхана құжатына сілтеме (міндетті емес)
chat-document-hint = Құжат бетінің сілтемесін немесе оның нөмірін қойыңыз.
chat-document-browse = Кітапхананы ашу
chat-document = Кітапхана құжаты
chat-document-unavailable = Құжат енді қолжетімсіз
chat-send = Жіберу
chat-save = Сақтау
chat-silenced-note = Модератор сізге бұл арнада жазуға тыйым салды: оқуға болады, жазуға болмайды.
notice-chat-reported = Рақмет: модераторларға хабарланды.
notification-chat-mention = { $actor } сізді чатта атап өтті.
notification-chat-mention-setting = Чаттағы аталымдар
notification-chat-report = { $actor } чаттағы хабарға шағымданды.
notification-chat-report-setting = Шағым түскен чат хабарлары
error-chat-body-empty = Хабар бос.
error-chat-body-too-long = Хабар 4 000 таңбадан ұзын.
error-chat-client-id-invalid = Клиент идентификаторы 1-ден 64-ке дейін көрінетін таңба болуы керек.
error-chat-client-id-reused = Бұл клиент идентификаторы басқа арнадағы хабар үшін қолданылған.
error-chat-title-invalid = Атауы бір жолда 1-ден 80-ге дейін таңба болуы керек.
error-chat-topic-invalid = Тақырыбы бір жолда 300 таңбадан аспауы керек.
error-chat-direct-size = Әңгімеде 2-ден 10-ға дейін адам болады.
error-chat-not-a-member = Сіз бұл арнаның қатысушысы емессіз.
error-chat-silenced = Модератор сізге бұл арнада жазуға тыйым салды.
error-chat-kind-invalid = Арна ашық немесе жабық болады.
error-chat-direct-fixed = Әңгіменің құрамын өзгертуге болмайды; жаңасын бастаңыз.
error-chat-member-unknown = Мұндай аты немесе нөмірі бар белсенді қатысушы жоқ.
error-chat-file-empty = Файл бос.
error-chat-file-too-large = Файл рұқсат етілгеннен үлкен.
error-chat-message-hidden = Жасырылған хабарды өзгертуге болмайды.
error-chat-already-reported = Сіз бұл хабарға шағымданып қойдыңыз.
error-chat-context-invalid = Арна контексі 1-ден 100-ге дейін таңба болуы керек.
error-chat-origin-refused = Чат байланысы осы сайттан болуы керек.
error-chat-unavailable = Чат қайта іске қосылуда; сәлден соң қайталаңыз.
error-chat-malformed-frame = Кадр белгілі түрдегі дұрыс JSON емес.
error-chat-unknown-type = Кадрдың түрі белгісіз.
error-chat-flooding = Бір мезетте кадр тым көп; баяуырақ.
error-chat-resume-too-many = Жалғастыру сұрауында 500-ден артық арна көрсетуге болмайды.
error-chat-topic-unknown = Мұндай тікелей тақырып жоқ; session:12 сияқты тақырыпқа жазылыңыз.
error-chat-follow-too-many = Бір қосылым ең көбі 16 тақырыпты бақылайды.
error-chat-document-not-found = Кітапханада сізге қолжетімді мұндай нөмірлі құжат жоқ.
error-chat-document-invalid = Кітапхана құжатының нөмірін немесе оның бетіне сілтемені көрсетіңіз.
chat-reports-title = Шағым түскен хабарлар
chat-reports-none = Сіз модерациялайтын арналарда ашық шағым жоқ.
chat-reports-count = { $count ->
    [one] { $n } шағым
   *[other] { $n } шағым
}
chat-report-no-reason = себебі көрсетілмеген
chat-report-hide = Хабарды жасыру
chat-report-dismiss = Шағымдарды қабылдамау
notice-chat-reports-dismissed = Шағымдар қабылданбады.
notice-chat-reported-hidden = Хабар жасырылды, оған түскен шағымдар жабылды.
chat-retention = Хабарламаларды сақтау
chat-retention-days = { $count ->
    [one] { $n } күн
   *[other] { $n } күн
}
chat-retention-forever = мерзімсіз
chat-retention-label = Хабарламаларды неше күн сақтау (бос: мерзімсіз)
chat-retention-save = Сақтау
notice-chat-retention-saved = Сақтау мерзімі сақталды; ескі хабарламалар бір сағат ішінде жойылады.
error-chat-retention-invalid = Хабарламалар 1-ден 3650 күнге дейін немесе мерзімсіз сақталады.
