# Чат
nav-chat = Чат
chat-title = Чат
chat-search = Поиск сообщений
chat-search-button = Найти
chat-search-none = Сообщений не найдено.
chat-open-in-channel = Открыть в канале
chat-my-channels = Мои каналы и беседы
chat-direct-prefix = Личное:
chat-unread-count = { $count ->
    [one] { $n } непрочитанное сообщение
    [few] { $n } непрочитанных сообщения
   *[many] { $n } непрочитанных сообщений
}
chat-none = Вы пока не состоите ни в одном канале. Вступите в открытый канал или начните беседу.
chat-public-channels = Открытые каналы
chat-join = Вступить
chat-direct-start = Начать беседу
chat-direct-names = Имена участников (до 9, через запятую)
chat-direct-open = Открыть беседу
chat-create = Новый канал
chat-field-title = Название
chat-field-topic = Тема
chat-field-kind = Кто может вступить
chat-kind-private = Закрытый: по приглашению
chat-kind-public = Открытый: любой участник
chat-create-button = Создать канал
chat-edited = (изменено)
chat-deleted = Сообщение удалено.
chat-hidden = Сообщение скрыто модератором.
chat-typing = { $name } печатает…
chat-reconnecting = Соединение потеряно, переподключение…
chat-online = в сети
chat-away = отошёл
chat-back = Назад в чат
chat-member-count = { $count ->
    [one] { $n } участник
    [few] { $n } участника
   *[many] { $n } участников
}
chat-moderator = модератор
chat-silence = Запретить писать в канале
chat-unsilence = Разрешить писать
chat-invite = Пригласить участника по имени
chat-invite-button = Пригласить
chat-mute = Отключить уведомления канала
chat-unmute = Включить уведомления канала
chat-leave = Покинуть канал
chat-jump-unread = К первому непрочитанному
chat-older = Более ранние сообщения
chat-newest = Новые сообщения
chat-new-messages = Новые сообщения
chat-edit = Изменить
chat-delete = Удалить
chat-hide = Скрыть
chat-report = Пожаловаться модераторам
chat-empty = Сообщений пока нет.
chat-message = Сообщение (Markdown)
chat-attach = Прикрепить файл (до { $size } КБ)
chat-document-field = Ссылка на документ библиотеки (необязательно)
chat-document-hint = Вставьте ссылку на страницу документа или его номер.
chat-document-browse = Открыть библиотеку
chat-document = Документ библиотеки
chat-document-unavailable = Документ больше недоступен
chat-send = Отправить
chat-save = Сохранить
chat-silenced-note = Модератор запретил вам писать в этом канале: читать можно, писать нельзя.
notice-chat-reported = Спасибо: модераторы получили жалобу.
notification-chat-mention = Вас упомянули в чате. Автор: { $actor }.
notification-chat-mention-setting = Упоминания в чате
notification-chat-report = Жалоба на сообщение в чате. Автор жалобы: { $actor }.
notification-chat-report-setting = Жалобы на сообщения в чате
error-chat-body-empty = Сообщение пустое.
error-chat-body-too-long = Сообщение длиннее 4 000 символов.
error-chat-client-id-invalid = Идентификатор клиента: от 1 до 64 видимых символов.
error-chat-client-id-reused = Этот идентификатор клиента уже использован для сообщения в другом канале.
error-chat-title-invalid = Название: от 1 до 80 символов в одну строку.
error-chat-topic-invalid = Тема: не более 300 символов в одну строку.
error-chat-direct-size = В беседе от 2 до 10 человек.
error-chat-not-a-member = Вы не состоите в этом канале.
error-chat-silenced = Модератор запретил вам писать в этом канале.
error-chat-kind-invalid = Канал может быть открытым или закрытым.
error-chat-direct-fixed = Состав беседы изменить нельзя; начните новую.
error-chat-member-unknown = Нет активного участника с таким именем или номером.
error-chat-file-empty = Файл пустой.
error-chat-file-too-large = Файл больше допустимого размера.
error-chat-message-hidden = Скрытое сообщение нельзя изменить.
error-chat-already-reported = Вы уже пожаловались на это сообщение.
error-chat-context-invalid = Контекст канала: от 1 до 100 символов.
error-chat-origin-refused = Подключение к чату должно идти с этого сайта.
error-chat-unavailable = Чат перезапускается; попробуйте через минуту.
error-chat-malformed-frame = Кадр не является корректным JSON известного вида.
error-chat-unknown-type = Неизвестный тип кадра.
error-chat-flooding = Слишком много кадров сразу; помедленнее.
error-chat-resume-too-many = Запрос на продолжение может указывать не более 500 каналов.
error-chat-topic-unknown = Такой живой темы нет; подписывайтесь на тему вида session:12.
error-chat-follow-too-many = Одно соединение следит не более чем за 16 темами.
error-chat-document-not-found = В библиотеке нет доступного вам документа с таким номером.
error-chat-document-invalid = Укажите номер документа библиотеки или ссылку на его страницу.
chat-reports-title = Жалобы на сообщения
chat-reports-none = В каналах, которые вы модерируете, нет открытых жалоб.
chat-reports-count = { $count ->
    [one] { $n } жалоба
    [few] { $n } жалобы
   *[many] { $n } жалоб
}
chat-report-no-reason = причина не указана
chat-report-hide = Скрыть сообщение
chat-report-dismiss = Отклонить жалобы
notice-chat-reports-dismissed = Жалобы отклонены.
notice-chat-reported-hidden = Сообщение скрыто, жалобы на него закрыты.
chat-retention = Хранение сообщений
chat-retention-days = { $count ->
    [one] { $n } день
    [few] { $n } дня
   *[many] { $n } дней
}
chat-retention-forever = бессрочно
chat-retention-label = Сколько дней хранить сообщения (пусто: бессрочно)
chat-retention-save = Сохранить
notice-chat-retention-saved = Срок хранения сохранён; более старые сообщения будут удалены в течение часа.
error-chat-retention-invalid = Сообщения хранятся от 1 до 3650 дней или бессрочно.
