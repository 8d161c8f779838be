#include "moderation/language.h"

#include <cld2/public/compact_lang_det.h>
#include <fasttext/fasttext.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>
#include <utility>

namespace herald::moderation {
namespace {

// Everything the decision rules below read from the text itself.
struct TextStats {
  int letters = 0;
  int latin_letters = 0;
  std::array<int, USCRIPT_CODE_LIMIT> script_letters{};
  int words = 0;
  // English evidence, names and short quotes left out. Words of one or two
  // letters weigh half: "a", "i", "to", "me" are words in many languages.
  float english_weight = 0;
  float counted_weight = 0;
  int english_long_words = 0;  // Vocabulary words of four letters or more.
  int latin_words = 0;
  int diacritic_words = 0;
  int function_words = 0;  // "the", "and", "of", ...: English's fingerprint.
  int creole_words = 0;    // Words of the English-based creoles (see kCreoleWords).
};

// Common English words, lowercase; inflections are found by stripping
// suffixes (see InEnglishVocabulary), so only base forms are listed. The list
// is a cross-check on fastText, which calls languages it does not know
// English: a text in English has most of its words here, a text in Tok Pisin
// or Shona has few. Words that are common in other Latin-script languages
// ("die", "con", "son") are left out on purpose.
constexpr std::string_view kEnglishWords = R"(
a about above across act action actually add address admit adult advice afraid after afternoon
again against age agency ago agree agreement ahead aid aim air airport al alive all allow almost
alone along already alright also although always am amazing ambulance amendment among amount an
analysis and anger angry animal announce annual another answer any anybody anyone anything
anyway anywhere apart apology appeal appear apply approach approve april area argue argument arm
army around arrest arrive art article artist as ask assembly at attack attempt attend attention
audience august author authority available average avoid award aware away awesome awful baby
back bad badly bag balance ball ban bank bar base basic basically bbc be beach bear beat beautiful
beauty because become bed been beer before begin behind belief believe below benefit best better
between beyond big bill billion bird birth bit bitch black blame blind block blood blow blue board
boat body book border bored boring born borrow boss both bother bottom box boy brain brave bread
break breakfast bribe bridge brief bright brilliant bring britain british broad broken brother
brown budget build building bullshit bunch burn bus business busy but buy by cabinet call calm
came camera campaign can cancel cancer candidate cannot capital car card care career careful
carry case cash cat catch cause celebrate cell center central centre century ceo certain certainly
chain chair chairman challenge champion championship chance change channel chaos character charge
charity cheap check cheese chief child childhood children choice choose church cinema citizen city
civil claim class clean clear clearly clever climate clinic clock close clothes cloud club coach
coast code coffee cold collapse colleague collect college colour color column come comfort
comment commercial commission commit committee common community company compare competition
complain complaint complete completely computer concern concert condition conference confirm
conflict congress congratulation consider constitution consumer contact continue contract control
conversation cook cool cop corner correct corrupt corruption cost could council count country
county couple courage course court cousin cover coverage crap crash crazy create credit crime
criminal crisis critic criticise criticize crop cross crowd cry culture cup current currently cut
cute dad daily damage damn dance danger dangerous dark data date daughter day dead deal dear
death debate debt december decent decide decision declare deep defeat defence defend defense
deficit definitely degree delay deliver demand democracy democrat democratic deny department
deputy describe deserve design desire despite destroy detail develop development did die diet
difference different difficult dinner direct direction director dirty disagree disappoint disaster
discover discuss discussion disease disgrace disgusting dislike display distance district do doctor
document documentary dog dollar done door double doubt down dozen draft drama draw dream dress
drink drive driver drop drug dry due dumb during duty each ear early earn earth easily east easy
eat economic economy edge edition editor education effect effort either elderly election electric
electricity else email embassy emergency employee employer empty end enemy energy enforcement
engine engineer english enjoy enough ensure enter entire entirely environment equal error escape
especially essay establish estimate etc even evening event eventually ever every everybody
everyone everything everywhere evidence evil exactly exam example excellent except exchange
excited exciting excuse executive exercise exist expect expensive experience expert explain
explanation express extra extreme extremely eye face fact factory fail failure fair fairly faith
fake fall false family famous fan fantastic far farm farmer fashion fast fat father fault favour
favor favourite favorite fear february fee feed feel feeling fellow female few field fight figure
file fill film final finally finance financial find fine finger finish fire firm first fish fit
five fix flag flat flight flood floor flow fly focus folk follow food fool foolish foot football
for force foreign forest forever forget forgive form former forward found four fraud free freedom
frequently fresh friday friend friendly from front fruit frustrate fuck fucking fuel full fully
fun fund funny further future gain game gang garbage garden gas gave general generation genius
gentleman genuine get giant girl give given glad glass global go goal god gold golf gone gonna
good got gotta government governor grade grand grandmother grant grateful great green ground group
grow growth guarantee guard guess guest guilty gun guy habit had hair half hall hand handle hang
happen happy hard hardly harm hate have he head headline health healthy hear heart heat heaven
heavy hell hello help her here hero hers herself hey hi hide high highly hill him himself hire
his historic history hit hold hole holiday home honest honestly honour honor hope horrible
horse hospital host hot hotel hour house how however huge human humour humor hundred hungry hunt
hurt husband i idea idiot if ignore ill illegal image imagine immediately immigrant immigration
impact important impossible improve in incident include including income increase incredible
indeed independent index india indian industry inflation influence inform information injury
innocent inquiry inside insist instead insult insurance intelligence intend interest interesting
international internet interview into invest investigation investment invite involve iran iraq
is island issue it item its itself jail january jesus job join joke journalist journey judge
july jump june jury just justice keep key kid kill kind king kitchen knew knock know knowledge
known labour labor lack lady lake land language large largely last late lately later laugh launch
law lawyer lay lazy lead leader leadership league learn least leave left leg legal less lesson
let letter level liar liberal lie life lift light like likely limit line link list listen
literally little live living local lol long look lord lose loss lost lot loud love lovely low
luck lucky lunch mad made magazine mail main mainly maintain major majority make male man manage
management manager many march mark market marriage married mass massive match matter may maybe
mayor me meal mean meaning meanwhile measure meat media medical medicine meet meeting member
memory mental mention mess message method middle might migrant mile military milk million mind
mine minister ministry minor minute miss mission mistake mobile model modern mom moment monday
money month mood moral more morning most mostly mother motor mountain mouth move movie mp mr mrs
ms much mum murder museum music must my myself name nation national native natural nature near
nearly necessary neck need negative neighbour neighbor neither nephew nerve never nevertheless new
news newspaper next nice niece night nine no nobody noise none nonsense nor normal north nose
not note nothing notice november now nowhere number nurse object obvious obviously occasion
october odd of off offer office officer official often oh oil ok okay old older on once one
online only onto open operation opinion opportunity oppose opposite opposition option or order
ordinary organisation organization original other others otherwise ought our ours ourselves out
outside over overall owe own owner pack page pain paint pair pandemic panel paper parent park
parliament part particular particularly partner party pass past path patient pay peace pension
people per percent perfect perhaps period person personal personally phone photo pick picture
piece pitch place plan plane planet plant play player please pleased plenty plus pm pocket poem
point police policy political politician politics poll pollution pool poor popular population
port position positive possible possibly post pound poverty power powerful practice praise pray
prefer pregnant prepare presence present preserve president press pressure pretend pretty prevent
previous price pride priest prime prince principle print prison prisoner private prize probably
problem process produce product production profit program programme progress project promise
proof proper properly property proposal propose protect protest proud prove provide public
publish pull punish purpose push put quality quarter queen question quick quickly quiet quit quite
quote race racist radio rail rain raise range rank rare rarely rate rather reach read reader
ready real realise realize reality really reason recall receive recent recently recognise
recognize record recover red reduce referendum reform refuse region regular reject relate
relationship release relief religion religious rely remain remember remind remove rent repair
repeat replace reply report reporter republic republican request require rescue research resident
resign resource respect respond response responsible rest restaurant result return reveal
revenue review revolution rich ride ridiculous right rise risk river road rock role roof room
root rose rough round route row royal rubbish rude ruin rule run rural rush sad safe safety said
salary same sanction saturday save saw say scandal scared scene schedule scheme school science
score screen sea search season seat second secret secretary section security see seek seem seen
seize sell senate senator send senior sense sensible sentence separate september series serious
seriously servant serve service session set settle seven several sex shake shall shame shape
share sharp she sheep shelter shift ship shit shock shoe shoot shop short shot should shoulder
shout show shut sick side sight sign signal silence silly similar simple simply since sing single
sir sister sit site situation six size skill skin sky sleep slightly slow small smart smell smile
smoke so social society soft soldier solid solution solve some somebody somehow someone
something sometimes somewhere song soon sorry sort soul sound source south space speak speaker
special speech speed spend spent spirit spokesman spokeswoman sport spot spread spring square
staff stage stand standard star start state statement station stay steal step stick still stock
stomach stone stop store storm story straight strange stranger strategy street strength stress
strike strong struggle student study stuff stupid style subject succeed success successful such
suddenly suffer sugar suggest suicide summer summit sun sunday supply support supporter suppose
supreme sure surely surface surgery surprise surround survey survive suspect suspend sweet system
table take talent talk tall target task taste tax tea teach teacher team tear technology teen
teenager television tell temperature temple ten tend term terrible terribly territory terror
terrorist test than thank thanks that the theatre theater their theirs them themselves then
theory there therefore these they thin thing think third thirty this those though thought thousand
threat threaten three through throughout throw thursday thus ticket tie till time tiny tired
title to today together toilet told tomorrow tonight too took top total totally touch tough tour
tourist toward towards town track trade tradition traditional traffic train transport travel
treat treatment treaty tree trial tribe trip troop trouble truck true truly trust truth try
tuesday turn tv twelve twenty twice two type typical ugly uk uncle under understand unemployment
union unique unit united university unless until up upon upset urban urge us usa use used useful
useless user usual usually vaccine valley value various vehicle version very veteran via victim
victory video view village violence violent visit visitor voice vote voter wage wait wake walk
wall want war warm warn warning was waste watch water way we weak weakness wealth weapon wear
weather website wedding wednesday week weekend weekly weird welcome well went were west western
wet what whatever wheel when whenever where whereas wherever whether which while white who whoever
whole whom whose why wide widely wife wild will willing win wind window winner winter wise wish
with within without witness woman women won wonder wonderful wood word work worker working world
worried worry worse worst worth would wound write writer wrong wrote yeah year yellow yes
yesterday yet you young your yours yourself youth zero
aboard abroad absolute absolutely abuse accept access accident accuse achieve acknowledge across
activist actor actress addition additional administration adopt advance advantage advertise
affair affect afford agenda aggressive airline alarm alcohol alert allegation allege alliance
ally alternative ambassador ancient angel ankle anniversary annoy anxious anybody appointment
appreciate approval arena armed arrange arrival arrow aside assault asset assume assure asylum
athlete atmosphere attitude attract auction aunt autumn background bail ballot band bankrupt
bargain barrier bathroom battle beg behalf behave behaviour behavior belong beloved bench bet
betray bias bike biography biscuit bite bitter blast bless blessing bloody bold bomb bond bone
bonus boost boot bottle bound bowl brand breach breath breed brexit bride brutal bucket buddy
bullet bureau burden burst bury butter button cable calendar campus canal capacity captain capture
carbon cargo carpet casino castle casualty category ceasefire celebrity cemetery ceremony chamber
chancellor chapter chart chase cheat cheer chemical chest chicken chip chocolate chose circle
circumstance civilian clash clause clever client cliff climb closely coalition coat cocaine coin
collection colonial column combat comedy command commander commentator commitment commonwealth
compensation complex concept concern conclude conduct confidence confuse congratulate connect
consequence conservative considerable conspiracy constant constituency construction consult
contain contempt content contest context contribute convention convict convince cooperation cope
copy core correspondent costume cotton counsel counter coup courtroom cow crack craft crew cricket
crowd cruel crystal cure curious curfew custody custom customer cycle dam dare darling dawn
deadline deadly dealer debut decade declaration decline dedicate deep defendant delegate delete
delight democracy demolish demonstrate deport deposit depression deserve desperate destination
detain detective determine devastating device devil diamond diary dictator dig digital dignity
diplomat diplomatic dirt disability disabled disagreement discipline discount discrimination
dismiss disorder dispute distribute diverse divide divorce dna doubtful downtown drain dramatic
drown drunk dust earthquake ease edit educate elect elite embarrass emerge emotion emotional
empire enable encounter encourage endless engage enormous enquiry entertainment enthusiasm entry
episode equipment era essential ethnic euro evacuate evaluate evident evil exact examine exceed
excellent exclusive execute exhibition exile expand expansion expectation expense exploit explode
explore explosion export expose extend facility faculty fairy familiar fantasy fare farewell
fatal favourable feature federal feminist fever fiction fierce filthy findings fingers firefighter
fisherman flee flesh float fold forecast formal fortune forum frame franchise frankly frighten
frontier frost fulfil fulfill funeral furious furniture gallery gamble gap gate gather gear
generous gentle gesture ghost gift glory goalkeeper goods gossip grab grace graduate grain grave
greed grief grip grocery guide guideline guitar hack handful harassment harbour harbor hardship
harvest hazard headquarters heal heritage hesitate hire historian hockey homeless honey hook
horror hostage household humanitarian humble hurricane hypocrisy hypocrite icon ideal identify
identity ideology ignorant illness illustrate immune implement imply import impose impress
impression incentive incompetent indicate indigenous individual infant infection infrastructure
initial initiative inject injure inmate innovation input insane insight inspire install instance
institution instruction intellectual intense interior internal interpret intervention invade
invasion invent investigate investor islam islamic isolate jacket jewish joint journalism joy
judgement judgment junior jurisdiction juvenile kick kidnap kingdom knee knife ladder landmark
landscape laptop latest launch lawmaker layer leak lean lease lecture legacy legislation
legislature legend legitimate leisure lend liberty licence license lifestyle limb lion literature
loan lobby locate lock lonely loyal luxury machine madness magic magistrate mainstream mandate
manifesto manufacture margin marine martial mask massacre master mate material maximum meanwhile
mechanism medal mediator memorial menu mercy merely merit mess metal midnight mild militant
militia mineral minimum minority miracle missile missing mixed mob mock moderate monitor monster
monument motion motive mount multiple mutual mystery myth naked narrative nasty navy neat
negotiate negotiation nervous network neutral nightmare noble nominate nomination nonsense notion
novel nuclear numerous nut oath obey objection obligation observe obtain occupy ocean odds offence
offense offensive offspring olympic opera opponent oppress ordeal organise organize orphan outcome
outrage outrageous overseas overwhelm pace palace parade pardon parish parking participate passage
passenger passion passport patience patrol pattern pause peaceful peak peasant penalty pensioner
perform permanent permit persuade petition petrol philosophy physical physician pile pilgrim pilot
pioneer pity plain plastic platform plea plead pledge plot poison poet poetry pole polite pope
portrait pose possess postpone potato potential pour powder pray prayer precious predict
pregnancy premier premium prescription preside prestige presume prevail pride primary prior
priority privacy privilege probe procedure proceed profession professional professor profile
prohibit prominent prompt proportion prosecute prosecution prosecutor prospect prosperity
protection protestor protester province provision provoke psychology pub pupil purchase pursue
puzzle qualify quantity quarrel queue quota racism raid rally random ransom rape rapid ratio raw
razor rebel rebellion recession recipe reckon recommend reconcile recruit refer reflect refugee
regard regime register regret regulate regulation rehabilitation reign reinforce relative relax
relevant reliable remark remarkable remedy render renew renewable repay replace represent
representative reputation rescue resemble reserve resistance resolution resolve resort
restore restrict retail retain retire retreat reverse reward rhetoric rifle riot ritual rival
robbery robot rocket romance romantic rotten routine rugby rumour rumor rural sacred sacrifice
saint sake salt sample sanctuary satellite satisfy scale scare scholar scholarship scientist
scope scream script seal secular sector seed segment select semi sensitive sentiment sequence
settlement severe sexual shadow shallow shark shed sheet shell sheriff shield shine shipping
shortage shower shrink siege silent silver sin sincere skip slam slave slavery slip slogan slum
smash smuggle snake snow soap soccer sole solar soldier someday somewhat sophisticated sovereign
sovereignty spare spark species specific spectacular spell sphere spill spin split spoil sponsor
spouse squad stab stability stable stadium stake stall stance stare starve statue status steady
steel steep stem stiff stir stolen strain stream stretch strict strip stroke structure stuck
studio submit subsidy substance suburb subway successor sue sufficient suicide suit suite sum
summon superb superior surge surplus surrender suspicion sustain swallow swear sweat sweep swim
swing sword symbol sympathy symptom tackle tactic tale talented tank tape tariff tax taxpayer
tear telephone telescope temporary tenant tender tension tent testimony textbook theft therapy
thief thirsty thorough thread thrive thrill throat throne thumb thunder tide tight timber tissue
tobacco toll tone tongue tool tooth topic torture tournament toxic trace trader tragedy tragic
trail transfer transform transition translate transparent trap trauma treasure treasury tremendous
trend tribunal tribute trick trigger trillion triumph trophy tropical troubled tunnel twist
tyranny ultimate umpire unable uncertain uncover undermine unfair unfortunately unhappy uniform
unity universal unknown unlike unlikely unprecedented unrest update upgrade uphold upper urgent
utility vacation vague valid valuable van vast venue verdict verify versus vessel veto vice
violate virtual virus visa visible vision vital vivid vocal volume volunteer vulnerable wander
warehouse warrant warrior wave wealthy weekday weigh weight welfare wheat whilst whip whisper
widow width wildlife wing wipe wire wisdom witch withdraw wolf wonder worship wrap yard yell
yield zone
won't can't don't doesn't didn't isn't aren't wasn't weren't haven't hasn't hadn't wouldn't
shouldn't couldn't mustn't needn't shan't ain't i'm i've i'll i'd you're you've you'll you'd
he's he'll he'd she's she'll she'd it's it'll we're we've we'll we'd they're they've they'll
they'd that's there's here's what's who's where's how's let's y'all
im ive ill dont cant wont doesnt didnt isnt arent wasnt werent havent hasnt wouldnt shouldnt
couldnt thats theres whats youre theyre u ur r y yep yup nope nah wanna gotta gonna kinda
sorta lmao lmfao omg wtf btw imo imho tbh idk smh fyi pls plz thx ty lol rofl haha hahaha ok
cos coz cuz tho thru til till gov govt dept approx vs etc
abandon abolish absence absorb abstract absurd academic academy accelerate acceptable accommodate
accompany accomplish accordance according account accountable accumulate accurate accusation
accused achievement acquire acquisition activity acute adapt adequate adjacent adjust
administer admiral admission adolescent advanced adverse advocate aerial affordable aftermath
aged agent aggregate agricultural agriculture aircraft airspace allocate allocation alongside
altogether amateur ambition ambitious amid ample anchor animation annex anonymous anticipate
anxiety apparent appetite applause applicant application appoint appreciation approximately
arbitrary archbishop architect architecture archive arguably arise arms array arrangement
articulate artificial ascend aspect aspiration assassination assess assessment assign assist
assistance assistant associate association assumption astronaut astronomer astronomy asylum
athletic attorney attribute authentic authorise authorize autonomous autonomy availability
aviation awareness backing backlash bacteria balcony ballet banking banner baptist barrel basin
basis battery battlefield beneficial bid bilateral biological biology bishop blessing blockade
blog bloc blueprint boarding boast bodyguard bombing boom border borough boundary boycott bracket
breakthrough briefing broadband broadcast broadcaster brochure brokered buffer bulletin bureaucracy
cabin calculate campaigner candidacy candle capitalism capitalist captive carriage cartel cascade
catalogue catastrophe catastrophic cathedral caucus cautious cavalry census chancellor chaotic
charter checkpoint chef chemistry chronic circulate circulation citizenship civic civilisation
civilization clarify classify clergy climber clinical coalition cognitive coincide collaborate
collaboration collective collision colonel colony combination comet commemorate commence
commentary commissioner commodity communicate communication communist compact comparable
comparison compatible compel compete competent competitive competitor compile complexity
compliance comply component composer composition compound comprehensive comprise compromise
compulsory conceal concede concentrate concentration concession condemn confer confess
confession configuration confine confirmation confiscate conform confront confrontation
congregation conscience conscious consecutive consensus consent conservation considerate
consist consistent consolidate conspire constitute constraint consultant consultation consume
consumption contaminate contamination contemporary contend contention continent contingent
continuity contractor contradict contrary contrast contribution controversial controversy
convenience convenient conventional conversion convey convoy coordinate coordinator copper
copyright corporate corporation correction correlation correspond corridor councillor councilor
counterpart countryside courtesy coverage creation creative creativity creature credible
criterion critical criticism crucial cruise cuisine cultivate cumulative curriculum customs
cyber damages debris deceased decisive decree deduct deem defect defender defensive deficiency
define definition delegation deliberate delicate delivery demographic demonstration denial
density deploy deployment deputy derive descend descendant designate desk detention
deteriorate devastate devote diagnose diagnosis dialogue dictate differ dimension diminish
diplomacy directive disarm disclose disclosure discourse discreet displace disposal dispose
disrupt disruption dissent dissolve distinct distinction distinguish distract distress
diversity dividend doctrine documentation domain domestic dominant dominate donate donation
donor dose drought duration dwell dynamic dynasty ecological ecology economist ecosystem
edition effective efficiency efficient elaborate elbow electoral electronic elegant element
eligible eliminate embark embrace emission emphasis emphasise emphasize empirical employ
employment enact encompass endorse endorsement endure enforce engagement enhance enlarge enrich
enrol enroll entity entrepreneur envelope envoy epidemic equality equation equip equity
erupt eruption escalate establishment estate ethical ethics evacuation evolution evolve
excavation exceptional excess excessive exclude exclusion execution executive exempt exemption
exert exhaust exhibit exile expedition expenditure experiment explicit exposure extension
extensive extent external extract extraordinary extremist fabric facilitate faction famine
fascinating fatality feasible federation fellowship fertile fertiliser fertilizer fiscal
fleet flexible fluid footage forensic format formation formula forthcoming fossil foster
foundation fraction fragile fragment framework fraudulent freight frequency frustration
fundamental fundraising galaxy gallery garrison gauge gene generate genetic genocide genre
geography glacier globe governance gradual graphic gravity grid guerrilla guidance habitat
halt harmony harsh headquarters hearing heighten helicopter hemisphere hereditary hierarchy
highlight highway hint homicide hostile hostility housing humanity hybrid hydrogen hygiene
hypothesis identical illicit immense immigrant imminent immunity impair impartial imperial
implementation implication imprisonment inadequate inaugurate inauguration incidence inclusion
inclusive incorporate incumbent index indictment induce inequality inevitable inevitably
infamous infant inferior infinite inflict informal inhabitant inherent inherit inhibit
injection injustice inland innovative inquest insect insert inspection inspector instability
instal installation instant institute insurgency insurgent integral integrate integrity
intellectual intensify intensive interact interaction interim intermediate interrupt
intervene interval intimate intimidate intimidation invalid invariably inventory invoke
irrigation isolation itinerary jeopardise jeopardize journal judicial junta justify keen
kilometre kilometer kindergarten lab laboratory landslide lava lawsuit layout lecture
legislative legislator legitimacy lengthy lethal liability liable liberal liberation lieutenant
lifelong likewise limitation linear linger literacy litigation livestock lobbyist locality
logistics longstanding lucrative magnitude mainland majestic mammal manipulate manuscript
marathon marginal maritime marketing marsh mathematics mayoral meantime medieval meditation
mentor merchant merge merger metaphor metre meter metropolitan midst migrate migration mileage
milestone ministerial mobilise mobilize mode modest modify molecule momentum monarch monarchy
monopoly moratorium mortality mortgage mosque municipal municipality mutiny narrow nationalist
nationwide naval necessity negligence nominee norm notable notably notify notorious nursery
nutrition objective observation observatory observer obstacle occupation occurrence offender
offshore ongoing operator opposed optimism optimistic orbit orchestra organ orientation
outbreak outlet outline outlook output outstanding overcome overdue overhaul overlook
override oversee oversight overthrow overturn oxygen pact pandemic panic parallel parameter
parliamentary partial participant participation partisan partnership patent patriotic
patron peacekeeping pedestrian peer penalty perceive perception perimeter periodic persecution
persist perspective petroleum pharmaceutical phase phenomenon photograph photographer
pilgrimage pipeline plaintiff planning plantation plateau plausible plenary plural pneumonia
polar polling portfolio portion possession postal poverty practitioner precedent precise
precision predecessor predominantly preliminary premise preparation prescribe presidency
presidential prevalence prevention preview prey primarily principal proclaim productivity
profitable profound projection proliferation prolonged promotion propaganda proponent
proposition prosecute prospective protocol provincial provisional proximity publication
publicity punishment quarantine quest radical radiation rainfall rally ranking rating ratify
realm rebuild receipt reception recipient reconstruction recovery recreation redundancy
refinery regain regiment regional registration rehearsal reinforce relocate remainder remote
removal renewal renovation repeal replacement reportedly repression reproduce reservoir
residence residential resilience resistance respective respectively restoration restraint
restriction resume retaliation retirement retrieve revelation revision revival revive revoke
rigorous riot rival robust rotation ruling rupture sanitation scandal scenario scenic scrutiny
sculpture seasonal secondary seminar sentencing sequel settler sewage shareholder shelter
shipment shortfall shrine signature significance significant simultaneously skeleton skeptical
sceptical slaughter smuggling solidarity spacecraft span spectator spectrum speculation
sponsorship spokesperson stabilise stabilize stakeholder statistic statistics statute
steadily stimulate stimulus storey strait strategic stronghold subsequent subsequently
subsidiary substantial substitute successive succession summon superintendent supervise
supervisor supplement surgeon surveillance survival survivor suspension sustainable
symposium syndrome synthesis tactical taxation technical technique telecommunications
temporarily tenure terminal terrain testament textile therapeutic threshold tornado
tourism toxic trademark trafficking trajectory transaction transcript transit transmission
transparency treasurer trench tribal troops tsunami tuition turbine turmoil turnout
turnover unanimous unanimously undergo underground underlying undertake unemployed
unilateral unify uprising upstream urbanisation urbanization utilise utilize vaccination
vacancy vendor venture verification veterinary viable vicinity viewpoint vigil villager
violation virtually visual volatile voluntary voting wartime watchdog waterfront wholesale
widespread wildfire withdrawal workforce workshop worldwide wreckage yacht youngster
specialise specialize specialist special speciality specialty pastry pastries restaurant menu
dish dishes dessert flavour flavor recipe ingredient ingredients sweet sour spicy delicious
taste tasty baker bakery butcher grocer faint dim brilliant bright glow telescope planet star
stars astronomer astronomers discover discovery eighteen nineteen seventeen sixteen fifteen
fourteen thirteen eleven forty fifty sixty seventy eighty ninety hundreds thousands millions
billions first second third fourth fifth sixth seventh eighth ninth tenth dozens overreact
hilarious dude spend spent hug bunch mess messy
are has does doing being having am was were been my mine our your his her its their them they
those these which whose whom shall might must ought nor yet than then thus hence whilst upon via
heard met paid taken ate bought sold threw ran caught forgot fell brought built felt meant sent
laid taught kept stole became held grew understood stood written gotten eaten slept blew fought
bit grown hid lit lost led left lay lain rode rose sang sat shot shut slid spoke spun struck swore
swam swung tore thrown woke wore won wrote beaten begun bitten blown broken chosen driven drawn
drunk fallen flown forgotten forgiven frozen given gone hidden known ridden risen seen shaken
shown shrunk sung sunk spoken stolen stuck sworn taken torn thrown woken worn arose awoke bent bled
bound bred burnt clung crept dealt dug dove dreamt fed fled flung forbade froze ground hung knelt
leapt lent meant mistook overcame paid proved quit sought shone slung sped spent spat split spread
sprang stank stung stunk strode strove swept wept wound wrung
america american americans africa african europe european asia asian australia canada china
chinese france french germany german japan japanese russia russian england english scotland
ireland irish wales welsh london york washington texas california florida nigeria nigerian ghana
kenya egypt israel palestine ukraine syria afghanistan pakistan mexico brazil spain italy
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december christmas easter
trash ghetto gay broke bro bros dude dudes men suck sucks sucked son sons text texts texting
texted birthday ex self booty heard girlfriend boyfriend chick chicks chill lame pop hood slap
ice sexy skinny paid everyday rap rapper rappers met wow huh biggest shirt shirts momma daddy
cream feet fuzzy fam forgot lick roll dope lips thick teeth anti brought scary hop threw ran kiss
butt crib swag homie homies super grown ape apes gym flip pants beef pink bought sold account
childish punk punch cookie cookies built dying crow apparently felt cake grandma grandpa able
babe worm jealous attractive eyebrows choke pissed meant woke piss chunky zebra juice pet massage
math boo duck freak ring rid mall irrelevant slide pee pig pigs rip laid messy corny candy sent
sloppy pizza inch regardless blew marry ashamed woof taught actual hatred playoffs bust fried
sauce feather nun baseball basketball hilarious pathetic mixtape slept gotten timeline pure dump
karma lit gender entertaining clown purple personality snap freshman kept beans barely pimp
aliens alien gator written neighborhood neighbourhood slapped funky bud stole gorilla pedophile
asleep vibe vibes lowkey highkey insecure mature wash graduation salad liquor switch classy
selfie album salty makeup socks moon snitch fought curve racial became emoji coward slick ability
bang dip flu toe creepy lip disrespectful hype automatically bum classic fav chat
jeans couch logic sneak traitor snack snacks sober disrespect honorable held grew lad tattoo
tattoos obsessed fed petty pipe easier earlier stunt rob corn bump goat mix nowadays grass
nails fries addicted homework sack spit workout flock apple porch selfish eaten spam kissing
douche bounce goddamn burnt shady sink hurry cuddle foul jam clothing goofy crush purse strap
bow thirst jungle hipster sandwich steak stood understood
ass asses asshole assholes bitch bitches bitchy shit shitty bullshit fuck fucked fucker fuckers
fuckin fucking motherfucker dick dicks cock pussy pussies cunt cunts twat whore slut sluts hoe hoes
ho hos thot thots dyke fag fags faggot faggots queer queers retard retarded retards nigga niggas
nigger niggers negro negros redneck rednecks hillbilly porn nude nudes boobs tits titties penis
vagina cum damn dammit crap crappy piss wanker bollocks bloody arse arsehole prick twit git
yall y'all aint ain't gon gonna finna tryna imma ima lil bout wit yea nah naw bruh af
tf stfu lmao lmfao lol lmaoo rofl smh tbh ngl idc idk ikr jk btw omg wtf gtfo bc cuz cause prolly
hella ratchet bae fr rn irl ily bf gf dm pic pics ppl tho thru twitter tweet tweets tweeting
tweeted retweet instagram facebook youtube tiktok google iphone android online app apps website
emails selfies hashtag follower followers unfollow
)";

// Words that (almost) only English uses, and uses in nearly every sentence.
constexpr std::array<std::string_view, 40> kEnglishFunctionWords = {
    "the",   "and",   "of",    "is",   "that",  "this",   "with",  "was",   "are",  "have",
    "for",   "you",   "not",   "but",  "what",  "they",   "their", "there", "were", "been",
    "would", "will",  "which", "from", "about", "should", "could", "just",  "it's", "don't",
    "i'm",   "these", "those", "has",  "had",   "when",   "why",   "how",   "who",  "because"};

// Words of English-based creoles and pidgins (Nigerian Pidgin, Tok Pisin,
// Bislama, Solomons Pijin, Jamaican) that English does not use. Most words of those
// languages are English words, so the vocabulary alone would call them
// English; these give them away.
constexpr std::array<std::string_view, 46> kCreoleWords = {
    "di",    "dis",    "dey",    "una",     "wetin",   "wey",    "pikin",   "abeg",
    "dia",   "sabi",   "comot",  "bilong",  "blong",   "olgeta", "olketa",  "bambae",
    "yumi",  "iumi",   "mipela", "dispela", "disfala", "oli",    "tasol",   "nomoa",
    "pipol", "gavman", "wanem",  "samting", "tumas",   "planti", "gutpela", "bikpela",
    "husat", "olsem",  "hemia",  "stap",    "don",     "abi",    "shey",    "oya",
    "sef",   "nuh",    "yuh",    "weh",     "pickney", "unu"};

// Decision thresholds, tuned on the "dev" half of bench/language/sentences.
constexpr float kMaxEnglishDiacritics = 0.12f;  // Share of Latin words with diacritics.
constexpr float kEnglishShare = 0.55f;          // Share of English words that suffices...
constexpr float kEnglishShareAgreed = 0.4f;     // ...or this, when fastText and CLD2 agree.

bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

bool IsApostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x2BC; }

// Quotation marks that open, close, or do either.
bool IsQuote(UChar32 c) {
  return c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB ||
         c == 0x2018 || c == 0x201A;
}

// Copies `text` to `out` without what is not prose in any language: links,
// @mentions, #hashtags and HTML character references ("&#128514;").
void StripMarkup(std::string_view text, std::string& out) {
  out.clear();
  size_t at = 0;
  while (at < text.size()) {
    const size_t end = text.find_first_of(" \t\n\r", at);
    const size_t stop = end == std::string_view::npos ? text.size() : end;
    std::string_view token = text.substr(at, stop - at);
    const char separator = stop < text.size() && text[stop] == '\n' ? '\n' : ' ';
    at = stop + 1;
    const size_t first = token.find_first_not_of("\"'(“‘");
    std::string_view bare = first == std::string_view::npos ? token : token.substr(first);
    if (bare.starts_with('@') || bare.starts_with('#') || bare.starts_with("http://") ||
        bare.starts_with("https://") || bare.starts_with("www.")) {
      continue;
    }
    size_t copied = out.size();
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '&') {
        size_t semi = token.find(';', i);
        if (semi != std::string_view::npos && semi - i <= 10 && semi > i + 1 &&
            std::all_of(token.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                        token.begin() + static_cast<std::ptrdiff_t>(semi), [](char c) {
                          return c == '#' || IsAsciiLetter(c) || (c >= '0' && c <= '9');
                        })) {
          out += ' ';
          i = semi;
          continue;
        }
      }
      out += token[i];
    }
    if (out.size() > copied) out += separator;
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
}

// Decodes the code point at `*i` of `bytes` and advances `*i` past it;
// returns a negative value for an ill-formed sequence (skipped whole).
UChar32 NextCodePoint(const uint8_t* bytes, int32_t& i, int32_t length) {
  UChar32 c = 0;
  U8_NEXT(bytes, i, length, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
  return c;
}

// Copies `text` to `out` with its Latin-script words blanked out, so that a
// Persian or Russian comment quoting English names is identified by its own
// words.
void WithoutLatinWords(std::string_view text, std::string& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t at = i;
    const UChar32 c = NextCodePoint(bytes, i, length);
    bool latin = c >= 0 && c < 0x80 && IsAsciiLetter(static_cast<unsigned char>(c));
    if (!latin && c >= 0x80) {
      UErrorCode err = U_ZERO_ERROR;
      latin = uscript_getScript(c, &err) == USCRIPT_LATIN && U_SUCCESS(err);
    }
    if (latin) {
      if (out.empty() || out.back() != ' ') out += ' ';
    } else {
      out.append(text.substr(static_cast<size_t>(at), static_cast<size_t>(i - at)));
    }
  }
}

// Languages the identifier may also name by another code; the policy speaks
// ISO 639-1, the models sometimes older or wider codes.
std::string_view CanonicalCode(std::string_view code) {
  if (code == "iw") return "he";
  if (code == "in") return "id";
  if (code == "sh") return "sr";
  if (code == "un" || code == "xx" || code == "xxx") return "";
  return code;
}

// One word of the text, as the rules see it.
struct WordInfo {
  std::string lower;  // ASCII-lowered, apostrophes as '\''; empty when not ASCII.
  bool latin = true;  // Every letter is Latin (or common to all scripts).
  bool diacritic = false;
  bool capitalised = false;  // First letter upper case, some other lower case.
  bool all_caps = false;
  bool sentence_start = false;
  bool quoted = false;
  int letters = 0;
  size_t quote_group = 0;  // Which quotation the word is in, when quoted.
};

// libfasttext keeps the pruned subword index of a quantized model in a
// std::unordered_map, and looks each character n-gram up in it twice: that
// is most of the time a prediction takes. This reads the map once (through
// a pointer to the protected member, which a derived class may name) so the
// identifier can keep it in a flat table of its own.
struct DictionaryInternals : fasttext::Dictionary {
  static const std::unordered_map<int32_t, int32_t>& PruneIndex(const fasttext::Dictionary& d) {
    constexpr auto kMember = &DictionaryInternals::pruneidx_;
    return d.*kMember;
  }
};

// An open-addressing map from n-gram bucket to input row, built once.
class FlatIndex {
 public:
  void Build(const std::unordered_map<int32_t, int32_t>& from) {
    size_t capacity = 16;
    while (capacity < from.size() * 2) capacity *= 2;
    mask_ = capacity - 1;
    slots_.assign(capacity, {-1, -1});
    for (const auto& [key, value] : from) {
      size_t at = Slot(key);
      while (slots_[at].first != -1) at = (at + 1) & mask_;
      slots_[at] = {key, value};
    }
  }
  // Returns the row of `key`, or -1 when the model pruned it away.
  int32_t Find(int32_t key) const {
    for (size_t at = Slot(key);; at = (at + 1) & mask_) {
      if (slots_[at].first == key) return slots_[at].second;
      if (slots_[at].first == -1) return -1;
    }
  }

 private:
  size_t Slot(int32_t key) const {
    return static_cast<size_t>(static_cast<uint32_t>(key) * 2654435761u) & mask_;
  }
  std::vector<std::pair<int32_t, int32_t>> slots_;
  size_t mask_ = 0;
};

// fastText's string hash (FNV-1a over signed bytes), as Dictionary::hash.
uint32_t FastTextHash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h = h ^ static_cast<uint32_t>(static_cast<int8_t>(c));
    h = h * 16777619u;
  }
  return h;
}

class FastTextIdentifier final : public LanguageIdentifier {
 public:
  explicit FastTextIdentifier(std::unique_ptr<fasttext::FastText> model)
      : model_(std::move(model)), dict_(model_->getDictionary()) {
    const fasttext::Args args = model_->getArgs();
    minn_ = args.minn;
    maxn_ = args.maxn;
    bucket_ = static_cast<uint32_t>(std::max(args.bucket, 1));
    nwords_ = dict_->nwords();
    const auto& prune = DictionaryInternals::PruneIndex(*dict_);
    pruned_ = !prune.empty();
    prune_index_.Build(prune);
    eos_ = dict_->getId(fasttext::Dictionary::EOS);
    std::string_view rest = kEnglishWords;
    while (!rest.empty()) {
      size_t start = rest.find_first_not_of(" \n");
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      size_t end = rest.find_first_of(" \n");
      english_.insert(rest.substr(0, end));
      rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    }
    english_.insert(kEnglishFunctionWords.begin(), kEnglishFunctionWords.end());
  }

  LanguageGuess Identify(std::string_view text) const override {
    thread_local std::string clean;
    StripMarkup(text, clean);
    TextStats stats;
    LanguageGuess guess = IdentifyWithStats(clean, stats);
    if (stats.letters > 0) RunCld2(clean, guess);
    return guess;
  }

  LanguageVerdict Decide(std::string_view text, const std::vector<std::string>& accepted,
                         float min_confidence, int min_words) const override;

 private:
  LanguageGuess IdentifyWithStats(std::string_view text, TextStats& stats) const;
  void ScanText(std::string_view text, TextStats& stats) const;
  bool InEnglishVocabulary(std::string_view word) const;
  void RunFastText(std::string_view text, LanguageGuess& guess) const;
  static void RunCld2(std::string_view text, LanguageGuess& guess);
  // Returns the confidence that `text` is English, 0 when it is not. Runs
  // CLD2 only when the other signals leave doubt (`cld2_done` says if it ran).
  float EnglishConfidence(std::string_view text, LanguageGuess& guess, const TextStats& stats,
                          bool& cld2_done) const;

  // Appends the input rows of one token, as Dictionary::getLine does.
  void AddToken(const std::string& token, std::vector<int32_t>& rows) const;

  std::unique_ptr<fasttext::FastText> model_;
  std::shared_ptr<const fasttext::Dictionary> dict_;
  int minn_ = 0;
  int maxn_ = 0;
  uint32_t bucket_ = 1;
  int32_t nwords_ = 0;
  int32_t eos_ = -1;
  bool pruned_ = false;
  FlatIndex prune_index_;
  std::unordered_set<std::string_view> english_;
};

bool FastTextIdentifier::InEnglishVocabulary(std::string_view w) const {
  if (english_.contains(w)) return true;
  // Possessives and contractions: "minister's", "government’s", "we'd".
  if (size_t ap = w.find('\''); ap != std::string_view::npos) {
    std::string_view base = w.substr(0, ap);
    std::string_view tail = w.substr(ap + 1);
    if (tail == "s" || tail.empty() || tail == "ll" || tail == "re" || tail == "ve" ||
        tail == "d" || tail == "m") {
      return base.size() >= 2 && InEnglishVocabulary(base);
    }
    if (tail == "t" && base.ends_with('n'))
      return InEnglishVocabulary(base.substr(0, base.size() - 1));
    return false;
  }
  if (w.size() < 4) return false;
  auto known = [this](std::string_view stem) {
    return stem.size() >= 2 && english_.contains(stem);
  };
  auto known_e = [this](std::string_view stem) {
    std::string with_e(stem);
    with_e += 'e';
    return english_.contains(with_e);
  };
  // Doubled final consonant before -ed/-ing: "stopped", "running".
  auto undoubled = [&known](std::string_view stem) {
    return stem.size() >= 3 && stem[stem.size() - 1] == stem[stem.size() - 2] &&
           known(stem.substr(0, stem.size() - 1));
  };
  auto strip = [&w](std::string_view suffix) { return w.substr(0, w.size() - suffix.size()); };
  if (w.ends_with("ies") && w.size() > 4) {
    std::string y(strip("ies"));
    y += 'y';
    if (english_.contains(y)) return true;
  }
  if (w.ends_with("ied") && w.size() > 4) {
    std::string y(strip("ied"));
    y += 'y';
    if (english_.contains(y)) return true;
  }
  if (w.ends_with('s') && known(strip("s"))) return true;
  if (w.ends_with("es") && known(strip("es"))) return true;
  if (w.ends_with("ed") && (known(strip("ed")) || known_e(strip("ed")) || undoubled(strip("ed")))) {
    return true;
  }
  if (w.ends_with("ing") && w.size() > 5 &&
      (known(strip("ing")) || known_e(strip("ing")) || undoubled(strip("ing")))) {
    return true;
  }
  if (w.ends_with("ly") && (known(strip("ly")) || known_e(strip("ly")))) return true;
  // Dropped g: "talkin", "goin", "nothin".
  if (w.ends_with("in") && w.size() > 4) {
    std::string with_g(w);
    with_g += 'g';
    if (InEnglishVocabulary(with_g)) return true;
  }
  if (w.ends_with("ily")) {
    std::string y(strip("ily"));
    y += 'y';
    if (english_.contains(y)) return true;
  }
  if (w.ends_with("er") && (known(strip("er")) || known_e(strip("er")) || undoubled(strip("er")))) {
    return true;
  }
  if (w.ends_with("ers") && (known(strip("ers")) || known_e(strip("ers")))) return true;
  if (w.ends_with("est") && (known(strip("est")) || known_e(strip("est")))) return true;
  if (w.ends_with("ness") && known(strip("ness"))) return true;
  if (w.ends_with("ment") && known(strip("ment"))) return true;
  if (w.ends_with("ful") && known(strip("ful"))) return true;
  return false;
}

void FastTextIdentifier::ScanText(std::string_view text, TextStats& stats) const {
  thread_local std::vector<WordInfo> words;
  words.clear();
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  bool in_word = false;
  bool sentence_start = true;
  bool in_quote = false;
  size_t quote_group = 0;
  WordInfo current;
  auto finish_word = [&] {
    if (!in_word) return;
    in_word = false;
    while (!current.lower.empty() && current.lower.back() == '\'') current.lower.pop_back();
    if (current.letters > 0) words.push_back(std::move(current));
    current = WordInfo{};
  };
  int32_t i = 0;
  while (i < length) {
    const int32_t at = i;
    const UChar32 c = NextCodePoint(bytes, i, length);
    if (c < 0) continue;
    bool letter = false;
    bool ascii = c < 0x80;
    UScriptCode script = USCRIPT_LATIN;
    if (ascii) {
      letter = IsAsciiLetter(static_cast<unsigned char>(c));
    } else if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) {
      letter = true;
      UErrorCode err = U_ZERO_ERROR;
      script = uscript_getScript(c, &err);
      if (U_FAILURE(err)) script = USCRIPT_COMMON;
    }
    if (letter) {
      if (!in_word) {
        in_word = true;
        current.sentence_start = sentence_start;
        current.quoted = in_quote;
        current.quote_group = quote_group;
        current.capitalised = ascii ? (c >= 'A' && c <= 'Z') : u_isupper(c) != 0;
        current.all_caps = current.capitalised;
      } else if (current.capitalised) {
        if (ascii ? (c >= 'a' && c <= 'z') : u_islower(c) != 0) current.all_caps = false;
      }
      sentence_start = false;
      if (script == USCRIPT_COMMON || script == USCRIPT_INHERITED) {
        current.diacritic = true;
        current.lower.clear();
      } else {
        ++stats.letters;
        ++stats.script_letters[script];
        ++current.letters;
        if (script == USCRIPT_LATIN) {
          ++stats.latin_letters;
          if (!ascii) {
            current.diacritic = true;
          } else if (!current.diacritic) {
            current.lower += static_cast<char>(c | 0x20);
          }
        } else {
          current.latin = false;
        }
      }
      if (current.diacritic) current.lower.clear();
      // Scripts without spaces between words: count each character as a
      // word so that a Chinese or Thai sentence is not "too short".
      if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
          script == USCRIPT_THAI || script == USCRIPT_LAO || script == USCRIPT_KHMER ||
          script == USCRIPT_MYANMAR) {
        finish_word();
      }
      continue;
    }
    if (in_word && IsApostrophe(c) && i < length && (bytes[i] >= 0x80 || IsAsciiLetter(bytes[i]))) {
      if (!current.diacritic) current.lower += '\'';
      continue;
    }
    finish_word();
    if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ':' || c == 0x3002) {
      sentence_start = true;
    } else if (IsQuote(c)) {
      // A quotation opens at a mark after a space (or the start) and closes
      // at one after a word.
      bool opens = at == 0 || text[at - 1] == ' ' || text[at - 1] == '(';
      if (opens && !in_quote) {
        in_quote = true;
        ++quote_group;
      } else {
        in_quote = false;
      }
      sentence_start = sentence_start && opens;
    }
  }
  finish_word();

  // A quotation of a few words, or a name, is not what the comment is
  // written in: "The minister said "Inshallah" and left".
  std::array<int, 64> quote_words{};
  for (const WordInfo& w : words) {
    if (w.quoted && w.quote_group < quote_words.size()) ++quote_words[w.quote_group];
  }
  int caps_words = 0;
  for (const WordInfo& w : words) caps_words += w.all_caps && w.letters > 1 ? 1 : 0;
  const bool shouting = caps_words * 2 > static_cast<int>(words.size());

  for (size_t k = 0; k < words.size(); ++k) {
    const WordInfo& w = words[k];
    ++stats.words;
    if (!w.latin) continue;
    const bool english = !w.lower.empty() && InEnglishVocabulary(w.lower);
    const bool short_quote =
        w.quoted && w.quote_group < quote_words.size() && quote_words[w.quote_group] <= 4;
    bool name = false;
    if (!english && !shouting) {
      if (w.capitalised && !w.all_caps) {
        // "Hồ Chí Minh" at the start of a sentence is still a name.
        name = !w.sentence_start || (k + 1 < words.size() && words[k + 1].capitalised);
      } else if (w.all_caps && w.letters <= 5) {
        name = true;  // An acronym: NATO, BJP, ECOWAS.
      }
    }
    if (name || short_quote) continue;
    ++stats.latin_words;
    if (w.diacritic) ++stats.diacritic_words;
    if (!english &&
        std::find(kCreoleWords.begin(), kCreoleWords.end(), w.lower) != kCreoleWords.end()) {
      ++stats.creole_words;
      stats.counted_weight += 3.0f;
      continue;
    }
    const float weight = w.letters <= 2 ? 0.5f : 1.0f;
    stats.counted_weight += weight;
    if (english) {
      stats.english_weight += weight;
      if (w.letters >= 4) ++stats.english_long_words;
      if (std::find(kEnglishFunctionWords.begin(), kEnglishFunctionWords.end(), w.lower) !=
          kEnglishFunctionWords.end()) {
        ++stats.function_words;
      }
    }
  }
}

void FastTextIdentifier::AddToken(const std::string& token, std::vector<int32_t>& rows) const {
  const int32_t wid = dict_->getId(token);
  if (wid >= 0) {
    if (dict_->getType(wid) != fasttext::entry_type::word) return;
    const std::vector<int32_t>& known = dict_->getSubwords(wid);
    rows.insert(rows.end(), known.begin(), known.end());
    return;
  }
  if (token.starts_with("__label__")) return;
  // Character n-grams of "<token>", whole UTF-8 characters, minn..maxn long.
  thread_local std::string word;
  word.assign("<");
  word += token;
  word += '>';
  auto push = [&](std::string_view ngram) {
    const auto h = static_cast<int32_t>(FastTextHash(ngram) % bucket_);
    if (!pruned_) {
      rows.push_back(nwords_ + h);
      return;
    }
    if (int32_t row = prune_index_.Find(h); row >= 0) rows.push_back(nwords_ + row);
  };
  for (size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) == 0x80) continue;
    size_t j = i;
    for (int n = 1; j < word.size() && n <= maxn_; ++n) {
      ++j;
      while (j < word.size() && (static_cast<unsigned char>(word[j]) & 0xC0) == 0x80) ++j;
      if (n >= minn_ && !(n == 1 && (i == 0 || j == word.size()))) {
        push(std::string_view(word).substr(i, j - i));
      }
    }
  }
}

void FastTextIdentifier::RunFastText(std::string_view text, LanguageGuess& guess) const {
  // Long comments are identified by their start, which bounds the cost.
  constexpr size_t kMaxBytes = 1000;
  std::string_view head = text.substr(0, kMaxBytes);
  thread_local std::vector<int32_t> rows;
  thread_local std::string token;
  rows.clear();
  // fastText's tokenizer: words are separated by ASCII white space.
  size_t at = 0;
  while (at < head.size()) {
    const size_t end = head.find_first_of(" \t\n\r\v\f", at);
    const size_t stop = end == std::string_view::npos ? head.size() : end;
    if (stop > at) {
      token.assign(head.substr(at, stop - at));
      AddToken(token, rows);
    }
    at = stop + 1;
  }
  if (eos_ >= 0) {
    const std::vector<int32_t>& known = dict_->getSubwords(eos_);
    rows.insert(rows.end(), known.begin(), known.end());
  }
  if (rows.empty()) return;
  thread_local fasttext::Predictions predictions;
  predictions.clear();
  try {
    model_->predict(2, rows, predictions, 0.0f);
  } catch (const std::exception&) {
    return;  // No opinion; the rules hold the comment.
  }
  constexpr std::string_view kPrefix = "__label__";
  auto code = [&](int32_t label) {
    std::string name = dict_->getLabel(label);
    std::string_view l = name;
    if (l.starts_with(kPrefix)) l.remove_prefix(kPrefix.size());
    return std::string(CanonicalCode(l));
  };
  auto probability = [](fasttext::real log_p) {
    return std::clamp(std::exp(static_cast<float>(log_p)), 0.0f, 1.0f);
  };
  if (!predictions.empty()) {
    guess.language = code(predictions[0].second);
    guess.confidence = probability(predictions[0].first);
  }
  if (predictions.size() > 1) {
    guess.runner_up = code(predictions[1].second);
    guess.runner_up_confidence = probability(predictions[1].first);
  }
}

void FastTextIdentifier::RunCld2(std::string_view text, LanguageGuess& guess) {
  constexpr size_t kMaxBytes = 1000;
  std::string_view head = text.substr(0, kMaxBytes);
  std::array<CLD2::Language, 3> language3{};
  std::array<int, 3> percent3{};
  int text_bytes = 0;
  bool reliable = false;
  CLD2::Language top =
      CLD2::ExtDetectLanguageSummary(head.data(), static_cast<int>(head.size()), true,
                                     language3.data(), percent3.data(), &text_bytes, &reliable);
  guess.cld2_language = std::string(CanonicalCode(CLD2::LanguageCode(top)));
  guess.cld2_reliable = reliable && !guess.cld2_language.empty();
}

LanguageGuess FastTextIdentifier::IdentifyWithStats(std::string_view text, TextStats& stats) const {
  LanguageGuess guess;
  ScanText(text, stats);
  guess.words = stats.words;
  if (stats.letters == 0) return guess;
  const auto* top = std::max_element(stats.script_letters.begin(), stats.script_letters.end());
  const auto script = static_cast<UScriptCode>(top - stats.script_letters.begin());
  guess.script = uscript_getShortName(script);
  guess.script_share = static_cast<float>(*top) / static_cast<float>(stats.letters);
  if (stats.counted_weight > 0) guess.english_share = stats.english_weight / stats.counted_weight;
  if (stats.latin_words > 0) {
    guess.diacritic_share =
        static_cast<float>(stats.diacritic_words) / static_cast<float>(stats.latin_words);
  }
  RunFastText(text, guess);
  return guess;
}

float FastTextIdentifier::EnglishConfidence(std::string_view text, LanguageGuess& g,
                                            const TextStats& s, bool& cld2_done) const {
  const float latin_share =
      s.letters > 0 ? static_cast<float>(s.latin_letters) / static_cast<float>(s.letters) : 0;
  if (latin_share < 0.6f) return 0;
  if (s.creole_words >= 2) return 0;
  auto cld2 = [&]() -> const LanguageGuess& {
    if (!cld2_done) RunCld2(text, g);
    cld2_done = true;
    return g;
  };
  const float share = g.english_share;
  // Both models calling it English: more of the text is English than the
  // vocabulary knows (rare words, names, slang).
  auto models_agree = [&] {
    return g.language == "en" && g.confidence >= 0.5f && cld2().cld2_reliable &&
           g.cld2_language == "en";
  };
  // Diacritics mark most Latin-script languages; English has them only in
  // names and loanwords ("bánh mì"), which leave most words English.
  if (g.diacritic_share > kMaxEnglishDiacritics &&
      (g.diacritic_share > 0.3f || share < 0.6f || !models_agree())) {
    return 0;
  }
  const float fasttext_en =
      g.language == "en" ? g.confidence : (g.runner_up == "en" ? g.runner_up_confidence : 0.0f);
  const bool fasttext_foreign = !g.language.empty() && g.language != "en";
  // fastText is sure of another language it knows: believe it, unless the
  // words are overwhelmingly English (a sentence quoting names it misread).
  if (fasttext_foreign && g.confidence >= 0.7f && share < 0.85f) return 0;
  // Languages fastText does not know come out as weak English: it is the
  // vocabulary that tells them apart.
  if (share >= kEnglishShare) {
    if (fasttext_en < 0.5f && share < 0.8f && cld2().cld2_reliable && g.cld2_language != "en") {
      return 0;
    }
    return std::max(fasttext_en, share);
  }
  // Slang, typos and names lower the share; two models agreeing make up for it.
  if (share >= kEnglishShareAgreed && models_agree()) return g.confidence;
  return 0;
}

LanguageVerdict FastTextIdentifier::Decide(std::string_view text,
                                           const std::vector<std::string>& accepted,
                                           float min_confidence, int min_words) const {
  LanguageVerdict verdict;
  thread_local std::string clean;
  StripMarkup(text, clean);
  TextStats stats;
  verdict.guess = IdentifyWithStats(clean, stats);
  LanguageGuess& g = verdict.guess;
  bool cld2_done = false;
  if (accepted.empty()) {
    verdict.accepted = true;
    return verdict;
  }
  if (g.words < min_words) {
    verdict.detail = "too short to identify (" + std::to_string(g.words) + " words)";
    return verdict;
  }
  for (const std::string& want : accepted) {
    float confidence = 0;
    if (want == "en") {
      confidence = EnglishConfidence(clean, g, stats, cld2_done);
    } else if (g.language == want) {
      confidence = g.confidence;
    } else if (!g.script.empty() && g.script != "Latn" && stats.latin_letters > 0) {
      // A comment in another script that quotes Latin-script words: ask
      // fastText again about its own words only.
      thread_local std::string own;
      WithoutLatinWords(clean, own);
      LanguageGuess again;
      RunFastText(own, again);
      if (again.language == want) confidence = again.confidence;
    } else if (g.runner_up == want) {
      // fastText's second choice, when CLD2 makes it its first.
      if (!cld2_done) RunCld2(clean, g);
      cld2_done = true;
      if (g.cld2_reliable && g.cld2_language == want) confidence = g.runner_up_confidence;
    }
    if (confidence >= min_confidence && confidence > 0) {
      verdict.accepted = true;
      verdict.guess.language = want;
      verdict.guess.confidence = confidence;
      return verdict;
    }
  }
  std::array<char, 32> number{};
  std::snprintf(number.data(), number.size(), "%.2f", static_cast<double>(g.confidence));
  verdict.detail = (g.language.empty() ? std::string("unknown") : g.language) + " " + number.data();
  return verdict;
}

class LanguagePhase final : public Phase {
 public:
  explicit LanguagePhase(std::shared_ptr<const LanguageIdentifier> identifier)
      : identifier_(std::move(identifier)) {}

  std::string_view Name() const override { return "language"; }

  void Run(Screening& s) const override {
    static const Policy kDefaultPolicy;
    const Policy& policy = s.policy != nullptr ? *s.policy : kDefaultPolicy;
    LanguageVerdict v = identifier_->Decide(
        s.text, policy.languages, policy.language_min_confidence, policy.language_min_words);
    s.language = v.guess.language;
    s.language_confidence = v.guess.confidence;
    if (!v.accepted) s.Add(Reason::kLanguage, CommentStatus::kPending, std::move(v.detail));
  }

 private:
  std::shared_ptr<const LanguageIdentifier> identifier_;
};

// Returns what is wrong with the header of the fastText model at `path`, ""
// when it looks like a supervised model (the layout of fastText 0.9:
// magic, version, the training arguments, then the dictionary's sizes).
std::string CheckModelHeader(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  auto read = [&in](auto& value) {
    in.read(reinterpret_cast<char*>(&value), sizeof(value));
    return static_cast<bool>(in);
  };
  int32_t magic = 0;
  int32_t version = 0;
  if (!read(magic) || !read(version)) return "too short";
  constexpr int32_t kFastTextMagic = 793712314;
  if (magic != kFastTextMagic) return "bad magic number";
  if (version < 11 || version > 12) return "unsupported version " + std::to_string(version);
  // dim, ws, epoch, minCount, neg, wordNgrams, loss, model, bucket, minn,
  // maxn, lrUpdateRate, then t as a double.
  std::array<int32_t, 12> args{};
  for (int32_t& a : args) {
    if (!read(a)) return "truncated arguments";
  }
  double sampling = 0;
  if (!read(sampling)) return "truncated arguments";
  const int32_t dim = args[0];
  const int32_t model = args[7];
  const int32_t bucket = args[8];
  const int32_t minn = args[9];
  const int32_t maxn = args[10];
  constexpr int32_t kSupervised = 3;
  if (model != kSupervised) return "not a classifier";
  if (dim <= 0 || dim > 1024 || bucket < 0 || bucket > 100000000 || minn < 0 || maxn < minn ||
      maxn > 32) {
    return "implausible arguments";
  }
  int32_t size = 0;
  int32_t nwords = 0;
  int32_t nlabels = 0;
  int64_t ntokens = 0;
  if (!read(size) || !read(nwords) || !read(nlabels) || !read(ntokens)) {
    return "truncated dictionary";
  }
  if (nlabels <= 0 || nwords < 0 || size != nwords + nlabels || size > 30000000) {
    return "implausible dictionary";
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  // At least a few bytes per dictionary entry, then the matrices.
  if (ec || bytes < static_cast<uintmax_t>(size) * 4u + 1024u) return "truncated";
  return "";
}

}  // namespace

Result<std::shared_ptr<const LanguageIdentifier>> LoadLanguageIdentifier(
    const std::string& lid_model_path) {
  std::error_code ec;
  if (lid_model_path.empty() || !std::filesystem::is_regular_file(lid_model_path, ec)) {
    return Fail(ErrorCode::kNotFound,
                "language model '" + lid_model_path +
                    "' not found; run `make setup` (scripts/fetch-models.sh models)");
  }
  // libfasttext trusts the file: a wrong or truncated one makes it throw at
  // best, and allocate from garbage sizes at worst. Check the header (magic,
  // version, arguments, dictionary sizes) before handing it the file.
  if (std::string problem = CheckModelHeader(lid_model_path); !problem.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "'" + lid_model_path + "' is not a fastText language model: " + problem);
  }
  auto model = std::make_unique<fasttext::FastText>();
  try {
    model->loadModel(lid_model_path);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidArgument,
                "cannot load language model '" + lid_model_path + "': " + e.what());
  }
  // A model for something else (word vectors, a sentiment classifier) loads
  // fine but knows no languages.
  try {
    std::istringstream probe("this is a sentence in english\n");
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    model->predictLine(probe, predictions, 1, 0.0f);
    if (predictions.empty() || predictions[0].second != "__label__en") {
      return Fail(ErrorCode::kInvalidArgument,
                  "'" + lid_model_path + "' is not a language-identification model (lid.176)");
    }
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidArgument,
                "language model '" + lid_model_path + "' does not predict: " + e.what());
  }
  return std::shared_ptr<const LanguageIdentifier>(
      std::make_shared<FastTextIdentifier>(std::move(model)));
}

std::unique_ptr<Phase> MakeLanguagePhase(std::shared_ptr<const LanguageIdentifier> identifier) {
  return std::make_unique<LanguagePhase>(std::move(identifier));
}

}  // namespace herald::moderation
