# Участники: каталог, профили, организации, контакты.

directory-title = Участники
directory-search = Поиск
directory-search-submit = Найти
directory-empty = По вашему запросу участники не найдены.
organisations-title = Организации
organisations-empty = Организации не найдены.
organisation-no-members = Пока нет участников.
organisation-hint = Выберите существующую организацию или введите название новой.
profile-edit = Редактировать профиль
profile-contact-details = Контактные данные
profile-login-for-more = Войдите, чтобы увидеть больше контактных данных.
photo-of = Фото: { $name }
photo-choose = Выберите фото (JPEG, PNG или WebP, не более { $size } МБ)
photo-upload = Загрузить фото
photo-remove = Удалить фото
bio-hint = Поддерживается Markdown: **жирный**, *курсив*, [ссылки](https://example.org), списки.

contact-request = Отправить запрос на контакт
contact-message = Сообщение (необязательно)
contact-accept = Принять
contact-decline = Отклонить
contact-remove = Удалить из контактов
contact-state-contacts = Вы в контактах друг у друга.
contact-state-sent = Ваш запрос на контакт ожидает ответа.
contacts-title = Контакты
contacts-incoming = Входящие запросы
contacts-outgoing = Исходящие запросы
contacts-accepted = Ваши контакты
contacts-none = Нет.

org-kind-company = Компания
org-kind-public-body = Государственный орган
org-kind-ngo = НПО
org-kind-research = Научная организация
org-kind-association = Ассоциация
org-kind-chamber = Палата
visibility-public = Всем
visibility-members = Участникам
visibility-contacts = Только контактам
contact-kind-email = Электронная почта
contact-kind-phone = Телефон
contact-kind-website = Сайт
contact-kind-linkedin = LinkedIn
contact-kind-telegram = Telegram
organisation-edit = Редактировать организацию
