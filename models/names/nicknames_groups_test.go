package names

import (
	"slices"
	"strings"
	"testing"
)

// The larger list covers what a UK caseload meets: English hypocorisms,
// Irish, Scottish and Welsh forms, Slavic and Baltic diminutives, and the
// transliterations of Arabic, Somali, Urdu, Tigrinya and Pashto names.
func TestTheNicknameListCoversACaseload(t *testing.T) {
	same := [][]string{
		{"Peggy", "Margaret"}, {"Jack", "John"}, {"Bob", "Robert"}, {"Sadie", "Sarah"}, {"Polly", "Mary"},
		{"Maisie", "Margaret"}, {"Hattie", "Harriet"}, {"Gwen", "Gwendolen"}, {"Dafydd", "David"},
		{"Diarmuid", "Dermot"}, {"Eamon", "Eamonn"}, {"Nuala", "Fionnuala"}, {"Lachie", "Lachlan"},
		{"Kasia", "Katarzyna"}, {"Gosia", "Małgorzata"}, {"Sasha", "Aleksandr"}, {"Volodymyr", "Volodya"},
		{"Oleksandr", "Alexander"}, {"Tetiana", "Tanya"}, {"Kuba", "Jakub"}, {"Wojtek", "Wojciech"},
		{"Mykhailo", "Michael"}, {"Dmytro", "Dima"}, {"Serhii", "Sergei"},
		{"Mohammed", "Muhammad"}, {"Mohamed", "Mohamad"}, {"Mahamed", "Maxamed"}, {"Abdirahman", "Abdulrahman"},
		{"Abdiaziz", "Abdelaziz"}, {"Yousif", "Yusuf"}, {"Cabdi", "Abdi"}, {"Fadumo", "Faduma"},
		{"Ghirmay", "Girmay"}, {"Tedros", "Tewodros"}, {"Zabiullah", "Zabihullah"}, {"Shwan", "Shvan"},
		{"Sophia", "Zofia"}, {"Sofia", "Zofia"}, {"Sophie", "Zosia"},
	}
	for _, p := range same {
		a, b := Variants(p[0]), Variants(p[1])
		if !slices.ContainsFunc(a, func(c string) bool { return slices.Contains(b, c) }) {
			t.Errorf("%s (%v) and %s (%v) share no group", p[0], a, p[1], b)
		}
	}
	if n := len(membersOf); n < 600 {
		t.Errorf("%d groups, want several hundred", n)
	}
}

// Groups stay tight: common independent names are not joined.
func TestDifferentNamesStayApart(t *testing.T) {
	apart := [][2]string{
		{"Lisa", "Elizabeth"}, {"Megan", "Margaret"}, {"Ivan", "John"}, {"Dawit", "David"},
		{"Sean", "John"}, {"Alistair", "Alexander"}, {"Caitlin", "Catherine"}, {"Hannah", "Anna"},
		{"Mohamud", "Mohamed"}, {"Said", "Sayed"}, {"Yasmin", "Jasmine"}, {"Maryam", "Mary"},
		{"Alexander", "Alexandra"}, {"Samuel", "Samantha"},
	}
	for _, p := range apart {
		a, b := Variants(p[0]), Variants(p[1])
		if slices.ContainsFunc(a, func(c string) bool { return slices.Contains(b, c) }) {
			t.Errorf("%s (%v) and %s (%v) share a group", p[0], a, p[1], b)
		}
	}
}

// A group started for a name already listed as a variant would change what
// Canonical gives for it (Jamie would stop being James). The two kept are
// names in their own right with their own short forms.
func TestNoGroupStartsForANameListedEarlier(t *testing.T) {
	allowed := map[string]bool{"nicola": true, "natasha": true}
	seen := map[string]bool{}
	for line := range strings.Lines(nicknameTable) {
		head, tail, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		c := Normalise(head)
		if seen[c] && !allowed[c] {
			t.Errorf("a group starts for %q, already a variant of an earlier group", c)
		}
		for _, v := range strings.Fields(tail) {
			if n := Normalise(v); n != c {
				seen[n] = true
			}
		}
	}
}
