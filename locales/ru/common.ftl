# Общее для всего сайта: навигация, поля, даты, количества.

nav-skip = Перейти к содержимому
nav-main = Основная навигация
nav-language = Язык
nav-directory = Участники
nav-organisations = Организации
nav-contacts = Контакты
nav-meetings = Встречи
nav-notifications = Уведомления
nav-admin = Администрирование
nav-login = Войти
nav-logout = Выйти
nav-register = Регистрация
footer-text = Circula — сеть сообщества специалистов по обращению с отходами и экономике замкнутого цикла, объединяющая Казахстан и Германию.

action-save = Сохранить
action-add = Добавить
action-delete = Удалить
filter-any = Все
pagination = Страницы
pagination-prev = Назад
pagination-next = Далее
pagination-page = Страница { $page } из { $pages }

field-name = Имя
field-email = Электронная почта
field-password = Пароль
field-current-password = Текущий пароль
field-new-password = Новый пароль
field-label = Название
field-position = Должность
field-organisation = Организация
field-organisation-kind = Тип организации
field-country = Страна
field-city = Город
field-timezone = Часовой пояс
field-locale = Язык писем
field-language = Язык общения
field-languages = Языки общения
field-expertise = Области экспертизы
field-bio = О себе
field-website = Сайт
field-description = Описание
field-photo = Фото
field-visibility = Кому видно
field-status = Статус
field-role = Роль
field-slug = Ключ
field-position-order = Порядок

local-time = { $time } по местному времени
local-time-zone = Местное время: { $time } ({ $zone })

members-count = { $count ->
    [one] { $n } участник
    [few] { $n } участника
   *[many] { $n } участников
}
organisations-count = { $count ->
    [one] { $n } организация
    [few] { $n } организации
   *[many] { $n } организаций
}

date-long = { $day } { $month } { $year } г.
month-genitive-1 = января
month-genitive-2 = февраля
month-genitive-3 = марта
month-genitive-4 = апреля
month-genitive-5 = мая
month-genitive-6 = июня
month-genitive-7 = июля
month-genitive-8 = августа
month-genitive-9 = сентября
month-genitive-10 = октября
month-genitive-11 = ноября
month-genitive-12 = декабря

notice-saved = Сохранено.
notice-welcome = Добро пожаловать в Circula! Расскажите сообществу о себе.
notice-profile-saved = Ваш профиль сохранён.
notice-photo-saved = Ваше фото сохранено.
notice-photo-removed = Ваше фото удалено.
notice-password-changed = Ваш пароль изменён. Все остальные сеансы завершены.
notice-token-revoked = Токен отозван.
notice-contact-sent = Ваш запрос на контакт отправлен.
notice-contact-accepted = Запрос на контакт принят.
notice-contact-declined = Запрос на контакт отклонён.
notice-contact-removed = Контакт удалён.
notice-membership-approved = Запрос подтверждён.
notice-membership-declined = Запрос отклонён.
notice-membership-removed = Участник исключён из организации.

status-pending = Ожидает подтверждения
status-active = Активен
status-blocked = Заблокирован
role-member = Участник
role-organiser = Организатор
role-admin = Администратор
