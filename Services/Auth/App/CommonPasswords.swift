/// Passwords so common that an attacker tries them first (lower-case; only those of 8 or more
/// characters, since shorter ones are refused anyway).
enum CommonPasswords {
    static let list: Set<String> = [
        "00000000", "11111111", "11223344", "123123123", "12341234", "12344321",
        "12345678", "123456789", "1234567890", "1234qwer", "12qwaszx", "147258369",
        "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "87654321", "88888888", "987654321",
        "a1234567", "a12345678", "aa123456", "abc12345", "abc123456", "abcd1234",
        "access14", "admin123", "administrator", "apple123", "arsenal1", "asdf1234",
        "asdfghjk", "asdfghjkl", "autumn123", "baseball", "baseball1", "basketball",
        "batman123", "buster12", "changeme", "changeme1", "charlie1", "chelsea1",
        "computer", "cookie123", "creeper1", "default1", "diamonds", "dragon123",
        "football", "football1", "freedom1", "google123", "guest123", "harley123",
        "herobrine", "hunter12", "iloveyou", "iloveyou1", "iloveyou2", "internet",
        "iphone12", "jennifer", "jordan23", "killer12", "letmein!", "letmein1",
        "letmein123", "liverpool", "login123", "loveyou1", "manchester", "master123",
        "michael1", "minecraft", "minecraft1", "minecraft123", "monkey123", "mustang1",
        "notch123", "p@ssw0rd", "p@ssword", "passpass", "passw0rd", "password",
        "password!", "password01", "password1", "password12", "password123", "password2",
        "pokemon1", "princess", "princess1", "q1w2e3r4", "q1w2e3r4t5", "qazwsxedc",
        "qwer1234", "qwerty12", "qwerty123", "qwertyui", "qwertyuiop", "ranger12",
        "samsung1", "secret123", "shadow12", "soccer12", "spring123", "starwars",
        "steve123", "summer123", "sunshine", "sunshine1", "superman", "test1234",
        "test12345", "testtest", "thomas12", "trustno1", "user1234", "welcome!",
        "welcome1", "welcome123", "whatever", "whatsup1", "winter123", "zaq12wsx",
        "zxcv1234", "zxcvbnm1", "zxcvbnm123",
    ]
}
