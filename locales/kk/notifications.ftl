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
