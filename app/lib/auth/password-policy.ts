// One password policy for the app's forms and the local auth server: Supabase's minimum length and
// `password_requirements`, plus a check against passwords everyone tries first. Hosted Supabase asks
// HaveIBeenPwned for that last one; the project ships its own compact list instead (the most
// common passwords of public breach lists, Chinese favourites among them, lower-cased) and
// recognises the patterns such lists are full of (one character repeated, runs like 12345678 or
// abcdefgh, keyboard rows, a listed word followed by digits or a year). A leaf module: no imports,
// so the auth server (supabase/local/auth) and the browser bundle can both use it.

/** The project's minimum password length (config.toml `minimum_password_length`). */
export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads only the first 72 bytes. */
export const PASSWORD_MAX_LENGTH = 72;

export type PasswordRequirements = "" | "letters_digits" | "lower_upper_letters_digits" | "lower_upper_letters_digits_symbols";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const SYMBOLS = "!@#$%^&*()_+-=[]{};':\"|<>?,./`~";

/** The character sets GoTrue requires for each `password_requirements` value (conf.PasswordRequiredCharacters). */
export function requiredCharacterSets(requirements: PasswordRequirements): string[] {
  switch (requirements) {
    case "letters_digits":
      return [LOWER + UPPER, DIGITS];
    case "lower_upper_letters_digits":
      return [LOWER, UPPER, DIGITS];
    case "lower_upper_letters_digits_symbols":
      return [LOWER, UPPER, DIGITS, SYMBOLS];
    default:
      return [];
  }
}

const COMMON = new Set(
  `
123456 123456789 12345678 password qwerty123 qwerty 1q2w3e4r 111111 1234567890 123123 000000 abc123
1234567 password1 12345 iloveyou 1q2w3e 654321 666666 987654321 123321 qwertyuiop 7777777 1qaz2wsx
123qwe zxcvbnm 121212 asdfghjkl 112233 qwe123 dragon monkey 555555 11111111 123654 159753 sunshine
princess 123abc 88888888 iloveyou1 football baseball welcome welcome1 admin admin123 letmein
letmein1 master shadow superman batman trustno1 passw0rd password123 password12 password! p@ssw0rd
p@ssword pa55word passwort motdepasse contraseña 12qwaszx 1qazxsw2 zaq12wsx qazwsx qazwsxedc
147258369 147258 159357 963852741 789456123 789456 456789 147852369 741852963 12344321 11223344
1122334455 aa123456 a123456 a1234567 a12345678 q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 1a2b3c4d asd123
asdf1234 asdfgh asdfghjk zxcvbn zxcvbnm123 qwertyui qwerty12 qwerty1 qwert12345 1234qwer qwer1234
abcd1234 abcdefg abcdefgh abcdefghi abc12345 abc123456 iloveu loveyou lovely love123 loveme 5201314
woaini woaini1314 woaini520 5211314 1314520 520520 521521 13145200 77777777 66666666 99999999
00000000 22222222 33333333 44444444 55555555 12121212 11112222 aaaaaa aaaaaaaa 12341234 123456a
123456aa 123456abc 123456q 123456qq 123456789a 1234567890q 987654 9876543210 0987654321 1111111111
changeme changeme1 secret secret123 default guest hello hello123 hello1234 helloworld whatever
freedom flower hunter hunter2 jordan23 michael jennifer jessica charlie andrew joshua michelle
daniel thomas buster soccer hockey killer george summer ginger pepper cookie cheese chocolate maggie
jordan ashley nicole tigger matthew robert computer internet starwars mustang access access14
corvette merlin taylor thunder austin phoenix samsung google apple123 iphone android yankees dallas
liverpool chelsea arsenal barcelona 1qaz@wsx !qaz2wsx qwerty!@# 1q2w3e4r5t 1q2w3e4r5t6y zaq1xsw2
zaq1zaq1 qweasd qweasdzxc qweasd123 asdzxc asdqwe123 admin1234 administrator root toor test test123
test1234 testing user user123 demo demo123 login login123 pass pass123 pass1234 passpass mypassword
newpassword oldpassword temp123 temppass 12345qwert 123qweasd 123qweasdzxc 1234abcd 123abc123
abc123abc baseball1 football1 superman1 batman123 monkey123 dragon123 shadow123 master123 sunshine1
princess1 iloveyou2 qwerty123456 123456789q zhang123 wang123 li123456 liu123456 chen123 woaini123
aini1314 caonima 88888888a 8888888 888888 168168 168888 518518 654321a 147147 258258 369369 159159
753951 852456 456123 321321 abcabc abc@123 admin@123 root123 aa123456789 welcome123 changeme123
summer2024 winter2024 spring2024 autumn2024 summer2025 winter2025 summer2026 winter2026 1234567a
12345678a 123456789z qwertyuiop123 asdfghjkl123 zxcvbnm1 1qaz2wsx3edc 2wsx3edc 3edc4rfv 1qa2ws3ed
!@#$%^&* !@#$%^ 1234!@#$ 123!@# qwerty!@ passwordpassword iloveyouiloveyou trustno1trustno1
letmeinnow opensesame secretpassword mysecret supersecret football123 baseball123 soccer123
hockey123 computer1 internet1 starwars1 pokemon pokemon123 minecraft minecraft1 fortnite roblox
naruto onepiece doraemon pikachu hellokitty snoopy mickey mickeymouse
`
    .split(/\s+/)
    .filter(Boolean),
);

const KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv", "qazwsxedcrfv"];

function isRun(value: string): boolean {
  if (value.length < 4) return false;
  const sources = [DIGITS, LOWER, ...KEYBOARD_ROWS];
  return sources.some((s) => s.includes(value) || [...s].reverse().join("").includes(value));
}

/**
 * Whether a password is one everyone tries first: on the list, a single repeated character or
 * pair, a run, or a listed password or run followed by up to six digits and punctuation.
 */
export function isCommonPassword(password: string): boolean {
  const value = password.toLowerCase();
  if (COMMON.has(value)) return true;
  if (/^(.)\1+$/.test(value) || /^(..?.?)\1+$/.test(value)) return true;
  if (isRun(value)) return true;
  const stem = value.replace(/[0-9!@#$%^&*.?_-]{1,6}$/, "");
  return stem !== value && stem.length >= 4 && (COMMON.has(stem) || isRun(stem));
}

export interface PasswordPolicy {
  minLength: number;
  requirements: PasswordRequirements;
  rejectCommon: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: PASSWORD_MIN_LENGTH,
  requirements: "",
  rejectCommon: true,
};

/** GoTrue's weak_password reasons: "length", "characters", "pwned". Empty when the password is fine. */
export function passwordWeaknesses(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): ("length" | "characters" | "pwned")[] {
  const reasons: ("length" | "characters" | "pwned")[] = [];
  if ([...password].length < policy.minLength) reasons.push("length");
  if (requiredCharacterSets(policy.requirements).some((set) => ![...password].some((c) => set.includes(c)))) {
    reasons.push("characters");
  }
  if (policy.rejectCommon && isCommonPassword(password)) reasons.push("pwned");
  return reasons;
}
