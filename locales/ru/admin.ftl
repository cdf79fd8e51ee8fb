# Администрирование.

admin-title = Администрирование
admin-members = Аккаунты
admin-pending = Ожидают подтверждения
admin-expertise = Области экспертизы
admin-expertise-intro = Участники выбирают свои области экспертизы из этого списка. У каждой области должно быть название на всех четырёх языках.
admin-expertise-new = Новая область
admin-mail-off = Отправка почты отключена: ссылки для подтверждения и сброса пароля записываются в журнал сервера.
admin-registration = Регистрация
admin-registration-open = Открытая: присоединиться может любой
admin-registration-approval = С подтверждением: администратор одобряет каждый новый аккаунт
admin-approve = Одобрить
admin-block = Заблокировать
admin-unblock = Разблокировать
