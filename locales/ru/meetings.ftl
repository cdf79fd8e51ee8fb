# B2B-встречи: программа, профили, биржа контактов, запросы, встречи, расписание.

b2b-meeting-with = B2B-встреча с { $name }
b2b-their-zone = Часовой пояс собеседника: { $zone }
b2b-dashboard = Сводка B2B
b2b-meetings = B2B-встречи
b2b-figure = Показатель
b2b-value = Значение
b2b-participants = Участники
b2b-requests-sent = Отправлено запросов
b2b-requests-accepted = Принято запросов
b2b-requests-declined = Отклонено запросов
b2b-requests-expired = Истекло запросов
b2b-meetings-scheduled = Назначено встреч
b2b-meetings-held = Состоялось встреч
b2b-follow-ups = Интерес к продолжению
b2b-export-start = Начало
b2b-export-side-a = Кто запросил
b2b-export-side-b = У кого запросили
b2b-export-state = Статус
b2b-export-took-place = Состоялась
b2b-export-usefulness = Польза (1–5)
b2b-export-follow-up = Продолжение
b2b-state-draft = Черновик
b2b-state-scheduled = Назначена
b2b-state-cancelled = Отменена
b2b-yes = Да
b2b-no = Нет

error-b2b-not-enabled = У этого мероприятия нет B2B-встреч.
error-b2b-registration-required = Сначала зарегистрируйтесь на мероприятие, чтобы участвовать в B2B-встречах.
error-b2b-windows-invalid = Укажите хотя бы одно временное окно; каждое должно заканчиваться после начала.
error-b2b-window-outside-event = Временное окно должно приходиться на один из дней мероприятия.
error-b2b-windows-overlap = Два временных окна пересекаются.
error-b2b-windows-too-short = Временные окна слишком коротки даже для одной встречи.
error-b2b-too-many-slots = В окнах слишком много встреч (не более 1 000 слотов).
error-b2b-secret-too-short = Секрет Jitsi должен содержать не менее 16 символов.
error-b2b-group-required = Выберите группу, к которой вы относитесь.
error-b2b-too-many-items = В профиле не более 20 предложений и запросов.
error-b2b-profile-required = Сначала заполните профиль сотрудничества.
error-b2b-slot-outside-windows = Это время не совпадает ни с одним B2B-слотом.
error-b2b-not-yourself = С самим собой так нельзя.
error-b2b-kind-unknown = Неизвестный вид предложения или запроса.
error-b2b-participant-unknown = Этот участник не участвует в B2B-встречах мероприятия.
error-b2b-deadline-passed = Срок отправки запросов на встречи истёк.
error-b2b-rule-excludes = Правила организаторов не допускают встречу между вашими группами.
error-b2b-no-thanks = Одна из сторон не хочет встречаться с другой.
error-b2b-too-many-pending = Слишком много ваших запросов ждут ответа. Дождитесь ответов или отзовите один.
error-b2b-request-exists = Между вами уже есть запрос.
error-b2b-not-recipient = Ответить на запрос может только тот, кому он адресован.
error-b2b-meeting-limit = Одна из сторон достигла наибольшего числа встреч.
error-b2b-request-answered = На этот запрос уже ответили или его отозвали.
error-b2b-request-expired = Срок этого запроса истёк.
error-b2b-slot-taken = Это время уже занято у одного из вас. Выберите другое.
error-b2b-no-common-slot = Не осталось времени, свободного у обоих.
error-b2b-not-sender = Отозвать ожидающий запрос может только отправитель.
error-b2b-meeting-cancelled = Эта встреча отменена.
error-b2b-no-move-proposed = Никто не предлагал перенести эту встречу.
error-b2b-not-other-side = Перенос должна подтвердить другая сторона.
error-b2b-not-your-meeting = Это могут сделать только двое участников встречи.
error-b2b-join-closed = Комната открывается за 10 минут до встречи и закрывается в её конце.
error-b2b-no-video-server = Организаторы ещё не настроили видеосервер.
error-b2b-meeting-not-started = Отзыв можно оставить, когда встреча началась.
error-b2b-schedule-clash = У кого-то были бы две встречи одновременно. Перенесите или разблокируйте встречу и попробуйте снова.

## Страницы

b2b-title = B2B-встречи
b2b-intro = Встречи один на один между компаниями и партнёрами этого мероприятия. Опишите, что вы предлагаете и что ищете, найдите партнёров и попросите их о встрече.
b2b-nav = Разделы B2B
b2b-nav-overview = Обзор
b2b-nav-marketplace = Биржа контактов
b2b-nav-requests = Запросы
b2b-nav-profile = Мой профиль
b2b-nav-meetings = Мои встречи
b2b-nav-settings = Настройки
b2b-nav-schedule = Расписание
b2b-nav-dashboard = Показатели
b2b-your-part = Ваше участие
b2b-step-register = Сначала зарегистрируйтесь на мероприятие, чтобы участвовать в B2B-встречах.
b2b-step-profile = Заполните профиль сотрудничества: что вы предлагаете и что ищете.
b2b-write-profile = Заполнить профиль
b2b-step-ready = Ваш профиль готов
b2b-edit-profile = Изменить профиль
b2b-find-partners = Найти партнёров
b2b-requests-waiting = { $count ->
    [one] { $n } запрос ждёт вашего ответа
    [few] { $n } запроса ждут вашего ответа
   *[many] { $n } запросов ждут вашего ответа
}
b2b-requests-sent-waiting = { $count ->
    [one] { $n } ваш запрос ждёт ответа
    [few] { $n } ваших запроса ждут ответа
   *[many] { $n } ваших запросов ждут ответа
}
b2b-your-meetings = Ваши встречи на этом мероприятии
b2b-all-meetings = Все мои встречи
b2b-programme = Программа
b2b-meeting-length = Длительность встречи
b2b-minutes = { $count ->
    [one] { $n } минута
    [few] { $n } минуты
   *[many] { $n } минут
}
b2b-break-minutes = { $count ->
    [one] после каждой перерыв { $n } минута
    [few] после каждой перерыв { $n } минуты
   *[many] после каждой перерыв { $n } минут
}
b2b-windows = Временные окна
b2b-event-time = Время мероприятия
b2b-slot-count = { $count ->
    [one] всего { $n } слот для встреч
    [few] всего { $n } слота для встреч
   *[many] всего { $n } слотов для встреч
}
b2b-max-meetings = Встреч на участника (не более)
b2b-deadline = Запросы до
b2b-deadline-passed = Срок истёк
b2b-mode = Назначение времени
b2b-mode-auto-explained = Организаторы планируют все встречи сразу по принятым запросам и публикуют расписание.
b2b-mode-self-explained = Принимая запрос, вы выбираете время, свободное у вас обоих.
b2b-published = Опубликовано
b2b-rule = Кто с кем встречается
b2b-rule-groups-explained = Встречи проходят только между группами «{ $a }» и «{ $b }».
b2b-organiser-hint = Как организатор вы найдёте настройки, расписание и показатели в меню выше.
b2b-switch-on = Настроить B2B-встречи

b2b-settings = Настройки B2B
b2b-enabled = B2B-встречи на этом мероприятии включены
b2b-meetings-and-limits = Встречи и ограничения
b2b-meeting-minutes = Длительность встречи (минут)
b2b-break-minutes-field = Перерыв после каждой встречи (минут)
b2b-max-pending = Сколько запросов участник может одновременно ожидать
b2b-request-ttl = Запросы истекают через (минут)
b2b-request-ttl-hint = Оставьте пустым, чтобы запросы действовали до ответа. В сутках 1440 минут.
b2b-deadline-hint = Дата и время в часовом поясе мероприятия ({ $zone }). Оставьте пустым, если срока нет.
b2b-windows-hint = В дни мероприятия, в его часовом поясе ({ $zone }). Очистите строку, чтобы удалить её; после сохранения появятся новые пустые строки.
b2b-window-day = День
b2b-window-from = С
b2b-window-to = До
b2b-rule-everyone = Все могут встречаться со всеми
b2b-rule-groups = Только между двумя группами
b2b-group-a = Первая группа (например: иностранные компании)
b2b-group-b = Вторая группа (например: местные организации)
b2b-mode-self = Самостоятельно: принимая запрос, участник бронирует время, свободное у обоих
b2b-mode-auto = Автоматически: организаторы запускают планировщик и публикуют расписание
b2b-video = Видеокомнаты
b2b-room-link = Ссылка на отдельную комнату для каждой встречи
b2b-room-jitsi = Jitsi с подписанными токенами
b2b-room-base = Адрес видеосервера
b2b-jitsi-app-id = ID приложения Jitsi
b2b-jitsi-secret = Секрет приложения Jitsi
b2b-jitsi-secret-hint = Не менее 16 символов. Больше он не показывается.
b2b-jitsi-secret-kept = Секрет сохранён. Оставьте поле пустым, чтобы сохранить его, или введите новый, чтобы заменить.

b2b-profile = Мой B2B-профиль
b2b-profile-intro = Другие участники находят вас по тому, что вы здесь напишете.
b2b-organisation = Организация
b2b-pitch = Коротко: кто вы и что ищете
b2b-pitch-hint = Не более 1000 символов.
b2b-languages = Языки встреч
b2b-your-group = Ваша группа
b2b-offers-and-requests = Что вы предлагаете и что ищете
b2b-items-hint = Одна запись на предложение или запрос. Очистите запись, чтобы удалить её; после сохранения появятся новые пустые записи.
b2b-item-n = Предложение или запрос { $n }
b2b-item-title = Название
b2b-item-error = Предложение или запрос { $n }: { $message }
b2b-direction = Предложение или запрос
b2b-direction-offer = Предлагаю
b2b-direction-request = Ищу
b2b-kind = Тип
b2b-kind-product = Продукт
b2b-kind-service = Услуга
b2b-kind-technology = Технология
b2b-kind-partnership = Партнёрство
b2b-kind-investment = Инвестиции
b2b-kind-expertise = Экспертиза
b2b-topics = Отрасли
b2b-countries = Страны
b2b-countries-hint = Двухбуквенные коды стран через запятую, например KZ, DE.
b2b-countries-label = Страны
b2b-save-profile = Сохранить профиль
b2b-availability = Когда я могу встретиться
b2b-availability-hint = Отметьте время, когда вы можете встретиться. Пока вы не сохраните эту форму, любое время считается свободным.
b2b-availability-after-profile = Сначала сохраните профиль; затем вы сможете выбрать, когда можете встретиться.
b2b-save-availability = Сохранить моё время
b2b-your-time-in = ваше время, { $zone }
b2b-event-time-in = время мероприятия, { $zone }

b2b-marketplace = Биржа контактов
b2b-search = Поиск
b2b-topic = Отрасль
b2b-country = Страна
b2b-language = Язык
b2b-suggested = Рекомендуем вам
b2b-suggestions-need-profile = Заполните профиль, чтобы получать рекомендации.
b2b-suggestions-none = Пока рекомендаций нет. Добавьте в профиль предложения и запросы, чтобы они появились.
b2b-why = Почему:
b2b-results = Результаты
b2b-all-participants = Все участники
b2b-no-results = Никого не найдено.
b2b-offers = Предлагает
b2b-requests-sought = Ищет
b2b-reason-they-offer = Предлагает «{ $offer }» — это отвечает вашему запросу «{ $request }».
b2b-reason-you-offer = Ваше предложение «{ $offer }» отвечает на запрос «{ $request }».
b2b-reason-topics = Общие отрасли: { $topics }.
b2b-reason-languages = Вы оба говорите: { $languages }.
b2b-time-zone = Часовой пояс
b2b-ask-meeting = Попросить о встрече
b2b-request-exists-sent = Вы попросили о встрече: { $status }.
b2b-request-exists-received = Вас попросили о встрече: { $status }.
b2b-message = Сообщение
b2b-priority = Насколько это для вас важно?
b2b-priority-1 = Желательно
b2b-priority-2 = Полезно
b2b-priority-3 = Важно
b2b-send-request = Отправить запрос
b2b-your-mark = Ваша отметка
b2b-mark-must-meet = Обязательно встретиться
b2b-mark-no-thanks = Нет, спасибо
b2b-mark-clear = Снять отметку
b2b-mark-hint = «Обязательно встретиться» ставит участника на первое место для вас и для планировщика. «Нет, спасибо» означает, что никто из вас не сможет отправить запрос другому.

b2b-requests = Запросы на встречу
b2b-times-in = Время указано в поясе { $zone }.
b2b-received = Полученные
b2b-sent = Отправленные
b2b-none-received = Запросов пока нет.
b2b-none-sent = Вы ещё никому не отправляли запрос.
b2b-sent-at = Отправлен { $time }
b2b-expires-at = истекает { $time }
b2b-reason = Причина
b2b-open-meeting = Открыть встречу
b2b-choose-slot = Выберите время, свободное у вас обоих
b2b-accept = Принять
b2b-accept-auto-hint = Организаторы включат принятые запросы в расписание.
b2b-decline-reason = Причина (по желанию; отправитель её увидит)
b2b-decline = Отклонить
b2b-withdraw = Отозвать
b2b-cancel-accepted = Отменить встречу
b2b-status-pending = Ждёт ответа
b2b-status-accepted = Принят
b2b-status-declined = Отклонён
b2b-status-cancelled = Отозван
b2b-status-expired = Истёк

b2b-my-meetings = Мои B2B-встречи
b2b-no-meetings = У вас пока нет B2B-встреч.
b2b-your-time = ваше время
b2b-their-time = { $name }: { $time } ({ $zone })
b2b-join = Войти на встречу
b2b-join-hint = Комната открывается за 10 минут до начала.
b2b-join-open = Комната открыта.
b2b-meeting = B2B-встреча
b2b-meeting-between = B2B-встреча: { $a } и { $b }
b2b-locked = Закреплена
b2b-you = Вы
b2b-room = Видеокомната
b2b-move = Перенос встречи
b2b-move-proposed-to = Предложен перенос на { $time } (ваше время).
b2b-move-waiting = Другая сторона должна подтвердить перенос
b2b-move-confirm = Подтвердить перенос
b2b-move-reject = Оставить прежнее время
b2b-propose-move = Предложить другое время
b2b-new-time = Новое время (свободное у обоих)
b2b-propose = Предложить
b2b-organiser-tools = Для организаторов
b2b-move-to = Перенести на
b2b-move-now = Перенести
b2b-lock = Закрепить
b2b-unlock = Открепить
b2b-cancel-meeting = Отменить встречу
b2b-feedback = Как прошло?
b2b-took-place = Встреча состоялась?
b2b-usefulness = Насколько она была полезна?
b2b-usefulness-hint = 1 — бесполезна, 5 — очень полезна.
b2b-follow-up = Хочу продолжить общение
b2b-comment = Комментарий для организаторов
b2b-send-feedback = Отправить отзыв

b2b-schedule = Расписание B2B
b2b-drafts-count = { $count ->
    [one] { $n } встреча в черновике
    [few] { $n } встречи в черновике
   *[many] { $n } встреч в черновике
}
b2b-scheduled-count = { $count ->
    [one] { $n } опубликованная встреча
    [few] { $n } опубликованные встречи
   *[many] { $n } опубликованных встреч
}
b2b-published-at = опубликовано { $time }
b2b-run-scheduler = Рассчитать черновик
b2b-publish = Опубликовать черновик
b2b-run-hint = Новый расчёт заменяет незакреплённые черновики; опубликованные и закреплённые встречи остаются на месте. При публикации обе стороны каждой встречи получают уведомление.
b2b-schedule-self-hint = Участники сами бронируют встречи, принимая запросы. Вы по-прежнему можете переносить, закреплять и отменять отдельные встречи.
b2b-quality = Качество последнего черновика
b2b-meaning = Что это значит
b2b-quality-placed = Встреч в расписании
b2b-quality-placed-explained = Время получили { $placed } принятых запросов.
b2b-quality-bound = Верхняя граница
b2b-quality-bound-explained = Ни одно расписание не вместит больше { $bound } встреч при этих запросах, времени и ограничениях.
b2b-quality-gap = Разрыв
b2b-quality-gap-explained = Расписание уступает наилучшему возможному не более чем на { $gap }.
b2b-quality-greedy = Сравнение с «первым свободным»
b2b-quality-greedy-explained = Если ставить каждый запрос по очереди в первое свободное время, получится { $greedy } встреч; в этом расписании — { $placed }.
b2b-quality-hours = В рабочее время
b2b-quality-hours-explained = { $hours } из { $placed } встреч приходятся на будний день с 8:00 до 18:00 для обеих сторон, каждой в её часовом поясе.
b2b-quality-must = «Обязательные» в расписании
b2b-quality-must-explained = Время получили { $placed } из { $total } запросов с отметкой «обязательно встретиться».
b2b-plan = План
b2b-plan-times = Время в часовом поясе мероприятия ({ $zone }).
b2b-plan-empty = Встреч пока нет.
b2b-unplaced = Принятые запросы без времени
b2b-unplaced-hint = После изменений рассчитайте черновик заново или перенесите встречи, чтобы освободить место.

b2b-requests-pending = Запросы в ожидании
b2b-requests-cancelled = Отозванные запросы
b2b-meetings-draft = Встречи в черновике
b2b-meetings-cancelled = Отменённые встречи
b2b-feedback-answers = Отзывы
b2b-usefulness-mean = Средняя польза (1–5)
b2b-by-country = По странам
b2b-by-sector = По отраслям
b2b-unknown = Не указано
b2b-no-data = Пока ничего нет.

b2b-event-link = B2B-встречи
b2b-event-link-set-up = Настроить B2B-встречи

notice-meetings-settings-saved = Настройки B2B сохранены.
notice-meetings-profile-saved = Ваш B2B-профиль сохранён.
notice-meetings-availability-saved = Ваше время сохранено.
notice-meetings-request-sent = Ваш запрос отправлен.
notice-meetings-mark-saved = Ваша отметка сохранена.
notice-meetings-accepted = Принято: встреча забронирована.
notice-meetings-request-accepted = Принято. Организаторы назначат время встречи.
notice-meetings-request-declined = Запрос отклонён.
notice-meetings-request-cancelled = Запрос отозван.
notice-meetings-move-proposed = Новое время предложено; другую сторону попросили его подтвердить.
notice-meetings-move-confirmed = Встреча перенесена.
notice-meetings-move-rejected = Встреча остаётся в прежнее время.
notice-meetings-meeting-cancelled = Встреча отменена.
notice-meetings-meeting-changed = Встреча изменена.
notice-meetings-feedback-saved = Спасибо за отзыв.
notice-meetings-schedule-computed = Новый черновик рассчитан.
notice-meetings-schedule-published = Расписание опубликовано.

error-b2b-preference-unknown = Неизвестная отметка.
error-b2b-action-unknown = Неизвестное действие.
