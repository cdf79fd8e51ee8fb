# Мероприятия: программа, сессии, регистрация, личная программа, инструменты организаторов.

nav-events = Мероприятия
events-title = Мероприятия
events-none = Предстоящих мероприятий нет.
events-past = Прошедшие мероприятия
event-new = Новое мероприятие
event-edit = Редактировать мероприятие
event-running = Идёт сейчас
event-members-only = Только для участников
event-public = Всем
event-visibility = Кому видно
event-zone = Часовой пояс
event-organisers = Организаторы
event-organiser-tools = Инструменты организатора
event-organisers-field = Организаторы
event-default-language = Язык, если языка читателя нет
event-form-languages-hint = Укажите название и описание на одном–четырёх языках; читатели видят свой язык или язык по умолчанию.
event-first-day = Первый день
event-last-day = Последний день
event-registration-open = Регистрация открыта
event-register = Зарегистрироваться
event-register-confirm = Подтвердить регистрацию
event-unregister = Отменить регистрацию
event-you-are-registered = Вы зарегистрированы
event-edit-answers = Изменить ответы
event-registration-closed = Регистрация закрыта
event-sign-in-to-register = Войдите, чтобы зарегистрироваться
event-calendar-file = Файл календаря (.ics)
event-participants = Участники
event-registrations-per-session = Регистрации по сессиям
event-messages = Сообщения участникам
event-messages-none = Сообщений пока нет.
event-message-subject = Тема
event-message-body = Сообщение
event-message-send = Отправить всем участникам
event-message-recipients = { $count ->
    [one] отправлено { $n } участнику
   *[other] отправлено { $n } участникам
}
event-cover = Обложка
event-cover-choose = Широкое изображение для верха страницы мероприятия (JPEG, PNG или WebP, не больше { $size } МБ; обрезается до 1600 × 500)
event-cover-upload = Загрузить обложку
event-cover-remove = Удалить обложку
event-chat = Чат мероприятия
event-materials = Материалы в библиотеке
event-questions = Вопросы при регистрации
event-questions-hint = Пустой вопрос будет удалён. Для выбора перечислите варианты через точку с запятой.
event-question = Вопрос
event-question-kind = Тип ответа
event-question-text = Свободный текст
event-question-choice = Выбор
event-question-options = Варианты (через ;)
event-question-required = Обязательный

schedule-zones = Часовые пояса
schedule-zone-note = Время указано в поясе мероприятия ({ $event }) и в вашем ({ $viewer }): ваши часы идут { $difference }.
schedule-zone-same = Всё время указано в поясе { $zone }.
schedule-show-in-zone = Показать моё время в поясе
schedule-your-time = { $time } по вашему времени
schedule-days = Дни
schedule-all-days = Все дни
schedule-empty = В этот день сессий нет.
filter-all = Все
filter-reset = Показать все
action-filter = Отфильтровать
action-show = Показать

session-new = Добавить сессию
session-edit = Редактировать сессию
session-delete = Удалить сессию
field-title = Название
session-kind = Формат
session-kind-talk = Доклад
session-kind-panel = Панельная дискуссия
session-kind-workshop = Мастер-класс
session-kind-b2b = B2B-встречи
session-kind-networking = Нетворкинг
session-track = Секция
session-room = Зал
session-starts = Начало
session-ends = Окончание
session-times-hint = Время указывается в поясе мероприятия, { $zone }.
session-language = Язык
session-interpretation = Перевод на
session-join = Подключиться к сессии
session-join-url = Ссылка на виртуальный зал (https)
session-recording = Запись
session-recording-url = Ссылка на запись (https)
session-capacity = Мест (пусто: без ограничения)
session-seats = Места
session-seats-left = Свободно { $left } из { $capacity } мест
session-full-waiting = Мест нет · лист ожидания: { $waiting }
session-speakers = Спикеры
session-speakers-hint = Участники платформы, которые выступают: снимите отметку, чтобы убрать, или добавьте по имени.
session-materials = Материалы
session-materials-hint = По одному в строке: «Название | https://…» (документ библиотеки или любая ссылка).
session-live = Идёт сейчас
session-next = Далее
session-register = В мою программу
session-join-waiting-list = В лист ожидания
session-unregister = Убрать из моей программы
session-you-have-seat = В вашей программе
session-you-wait = В листе ожидания
session-waiting-position = Вы { $position }-й в листе ожидания.
session-add-to-calendar = Добавить в календарь

agenda-title = Моя программа
agenda-empty = Ваша программа пуста. Добавьте сессии из программы мероприятия.
agenda-times-in = Время в поясе { $zone }.
agenda-overlap = Пересекается с: { $titles }
agenda-cancelled = Отменено
agenda-feed = Подписка на календарь
agenda-feed-help = Подпишитесь на этот личный адрес в своём календаре, чтобы видеть там свои сессии. Любой, кто знает адрес, может читать вашу программу: обновите его, если он стал известен другим.
agenda-feed-create = Создать адрес моего календаря
agenda-feed-renew = Обновить адрес
agenda-feed-revoke = Отключить

tz-same = так же
tz-ahead = на { $amount } вперёд
tz-behind = на { $amount } назад
tz-hours = { $count ->
    [one] { $n } час
    [few] { $n } часа
   *[many] { $n } часов
}
tz-minutes = { $count ->
    [one] { $n } минуту
    [few] { $n } минуты
   *[many] { $n } минут
}
tz-hours-minutes = { $hours } ч { $minutes } мин

weekday-1 = понедельник
weekday-2 = вторник
weekday-3 = среда
weekday-4 = четверг
weekday-5 = пятница
weekday-6 = суббота
weekday-7 = воскресенье

export-name = Имя
export-email = Эл. почта
export-position = Должность
export-organisation = Организация
export-country = Страна
export-registered-at = Дата регистрации
export-sessions = Сессии
export-waiting = Лист ожидания
export-csv = Скачать CSV
export-xlsx = Скачать Excel

notice-event-created = Мероприятие создано.
notice-event-registered = Вы зарегистрированы.
notice-event-unregistered = Ваша регистрация отменена.
notice-seat-taken = Сессия добавлена в вашу программу.
notice-seat-waiting = Мест нет: вы в листе ожидания.
notice-seat-released = Сессия убрана из вашей программы.
notice-session-saved = Сессия сохранена.
notice-session-deleted = Сессия удалена.
notice-feed-created = Адрес вашего календаря готов.
notice-feed-renewed = Адрес календаря обновлён; старый больше не работает.
notice-feed-revoked = Адрес календаря отключён.
notice-message-sent = Сообщение отправлено.

error-field-required = Заполните это поле.
error-date-invalid = Укажите дату в виде ГГГГ-ММ-ДД.
error-datetime-invalid = Укажите дату и время, например 2023-02-21T10:00.
error-datetime-ambiguous = Такого местного времени в поясе мероприятия нет или оно бывает дважды (перевод часов). Выберите другое время.
error-event-ends-before-start = Последний день раньше первого.
error-event-too-long = Мероприятие длится не больше 31 дня.
error-event-excludes-sessions = Некоторые сессии окажутся вне новых дней мероприятия. Сначала перенесите их.
error-default-locale-without-title = Для языка по умолчанию нужно название.
error-session-ends-before-start = Сессия заканчивается раньше, чем начинается.
error-session-outside-event = Сессия должна проходить в дни мероприятия.
error-session-kind-unknown = Неизвестный формат сессии.
error-url-not-https = Укажите полную ссылку https://.
error-url-too-long = Ссылка слишком длинная.
error-capacity-invalid = Число мест должно быть целым, от 1.
error-capacity-below-registrations = Мест уже занято больше, чем это число.
error-organisers-required = У мероприятия должен быть хотя бы один организатор.
error-member-unknown = Нет активного участника с таким номером.
people-find = Добавить по имени
people-find-hint = Имена, как в каталоге участников, по одному в строке. Если имени соответствуют несколько участников, они появятся выше: отметьте нужного.
session-guests = Приглашённые спикеры
session-guests-hint = По одному в строке: «Имя — кратко о себе».
error-member-name-unknown = Нет участника именно с таким именем. Проверьте написание или отметьте одного из найденных.
error-member-name-ambiguous = Это имя носят несколько участников. Отметьте нужного.
error-organiser-role-required = Соорганизаторам нужна роль организатора; её может выдать администратор.
error-question-unknown = Этот вопрос не относится к мероприятию.
error-question-needs-options = Для выбора нужно не меньше двух вариантов.
error-answer-required = Ответьте на обязательные вопросы.
error-answer-not-an-option = Выберите один из вариантов.
error-registration-closed = Регистрация на это мероприятие закрыта.
error-event-over = Это мероприятие уже прошло.
error-session-over = Эта сессия уже прошла.
error-event-registration-required = Сначала зарегистрируйтесь на мероприятие.
