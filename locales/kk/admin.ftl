# Әкімшілік.

admin-title = Әкімшілік
admin-members = Тіркелгілер
admin-pending = Мақұлдауды күтуде
admin-expertise = Мамандану салалары
admin-expertise-intro = Қатысушылар өз мамандану салаларын осы тізімнен таңдайды. Әр саланың атауы төрт тілдің бәрінде болуы керек.
admin-expertise-new = Жаңа сала
admin-mail-off = Пошта өшірулі: растау және құпиясөзді қалпына келтіру сілтемелері сервер журналына жазылады.
admin-registration = Тіркелу
admin-registration-open = Ашық: кез келген адам қосыла алады
admin-registration-approval = Мақұлдау арқылы: әр жаңа тіркелгіні әкімші мақұлдайды
admin-approve = Мақұлдау
admin-block = Бұғаттау
admin-unblock = Бұғаттан шығару
