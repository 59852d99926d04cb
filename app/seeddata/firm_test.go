package seeddata

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/models/uscc"
	"selfcheck/scoring"
)

func TestMain(m *testing.M) {
	code := m.Run()
	modelstest.DropTemplates()
	os.Exit(code)
}

var testNow = time.Date(2025, 6, 30, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

func newGenerator(tb testing.TB, seed uint64) *Generator {
	tb.Helper()
	p := scoring.DefaultParams()
	p.Version = 1
	g, err := New(Config{District: modelstest.District(tb), Params: p, Enterprises: 1, Seed: seed, Now: testNow, QuestionnaireVersionID: 1})
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func firms(tb testing.TB, g *Generator, n int) []Firm {
	tb.Helper()
	out := make([]Firm, n)
	for i := range out {
		f, err := g.Firm(i)
		if err != nil {
			tb.Fatalf("Firm(%d): %v", i, err)
		}
		out[i] = f
	}
	return out
}

func TestFirmDeterministic(t *testing.T) {
	a, b := firms(t, newGenerator(t, 7), 300), firms(t, newGenerator(t, 7), 300)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different firms (-first +second):\n%s", diff)
	}
	c := firms(t, newGenerator(t, 8), 300)
	same := 0
	for i := range a {
		if a[i].Enterprise.Name == c[i].Enterprise.Name {
			same++
		}
	}
	if same > 30 {
		t.Errorf("seeds 7 and 8 gave %d of 300 identical names, want a different district", same)
	}
	if a[0].Enterprise.USCC != DemoUSCC() || c[0].Enterprise.USCC != DemoUSCC() {
		t.Errorf("firm 0 codes = %s, %s, want DemoUSCC %s for every seed", a[0].Enterprise.USCC, c[0].Enterprise.USCC, DemoUSCC())
	}
}

func TestFirmCodesUniqueAndValid(t *testing.T) {
	seen := map[string]int{}
	for i := range 300_000 {
		for _, tc := range []struct {
			individual bool
			region     string
			old        bool
		}{{false, "440604", false}, {true, "440604", false}, {false, "440600", true}} {
			code, err := codeFor(i, tc.individual, tc.region, tc.old)
			if err != nil {
				t.Fatal(err)
			}
			if err := uscc.Validate(code); err != nil {
				t.Fatalf("codeFor(%d) = %s: %v", i, code, err)
			}
			body := code[8:16]
			if j, dup := seen[body+code[:2]]; dup && j != i {
				t.Fatalf("firms %d and %d share body %s", j, i, body)
			}
			seen[body+code[:2]] = i
		}
	}
}

func TestFirmMix(t *testing.T) {
	g := newGenerator(t, 1)
	d := g.cfg.District
	all := firms(t, g, 20_000)
	codes := map[string]bool{}
	var individual, tertiary int
	byTagStreet := map[string]map[string]int{}
	for _, f := range all {
		e := f.Enterprise
		if codes[e.USCC] {
			t.Fatalf("code %s generated twice", e.USCC)
		}
		codes[e.USCC] = true
		if err := uscc.Validate(e.USCC); err != nil {
			t.Errorf("firm %d code %s: %v", f.Index, e.USCC, err)
		}
		if e.Lat == nil || !d.BBox.Contains(*e.Lat, *e.Lon) {
			t.Errorf("firm %d at %v,%v: outside the district", f.Index, e.Lat, e.Lon)
		}
		if e.USCC[:2] == "92" {
			individual++
		}
		if e.IndustryCode[0] != 'C' && e.IndustryCode[0] != 'E' {
			tertiary++
		}
		st, _ := d.Street(e.StreetCode)
		for _, tag := range e.TagList() {
			if byTagStreet[tag] == nil {
				byTagStreet[tag] = map[string]int{}
			}
			byTagStreet[tag][st.Name]++
		}
		p := f.Profile
		for _, v := range []float64{p.Compliance, p.Honesty, p.Diligence} {
			if v < 0 || v > 1 {
				t.Errorf("firm %d profile %+v outside [0,1]", f.Index, p)
			}
		}
	}
	share := func(n int) float64 { return float64(n) / float64(len(all)) }
	if s := share(individual); s < 0.55 || s > 0.68 {
		t.Errorf("个体工商户 share = %.3f, want about 0.6", s)
	}
	if s := share(tertiary); s < 0.85 {
		t.Errorf("tertiary share = %.3f, want the large majority", s)
	}
	ceramics := byTagStreet["陶瓷"]
	if s := float64(ceramics["石湾镇街道"]+ceramics["南庄镇"]) / float64(sum(ceramics)); s < 0.7 {
		t.Errorf("ceramics in 石湾/南庄 = %.2f of ceramics firms (%v), want most", s, ceramics)
	}
	textile := byTagStreet["纺织"]
	if s := float64(textile["张槎街道"]) / float64(sum(textile)); s < 0.6 {
		t.Errorf("textiles in 张槎 = %.2f of textile firms (%v), want most", s, textile)
	}
	food := byTagStreet["餐饮"]
	if top := slices.MaxFunc([]string{"祖庙街道", "石湾镇街道", "张槎街道", "南庄镇"}, func(a, b string) int { return food[a] - food[b] }); top != "祖庙街道" {
		t.Errorf("most restaurants in %s (%v), want 祖庙街道", top, food)
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return max(n, 1)
}

func TestFirmNames(t *testing.T) {
	g := newGenerator(t, 3)
	for _, f := range firms(t, g, 500) {
		e := f.Enterprise
		ok := e.USCC[:2] == "92" && len([]rune(e.Name)) > 6 && strings.HasPrefix(e.Name, "禅城区") ||
			e.USCC[:2] == "91" && strings.HasPrefix(e.Name, "佛山市") && strings.HasSuffix(e.Name, "有限公司")
		if !ok {
			t.Errorf("firm %d (%s) named %q", f.Index, e.USCC[:2], e.Name)
		}
		if len(models.NameBigrams(e.Name)) < 5 {
			t.Errorf("firm %d name %q has no search grams", f.Index, e.Name)
		}
	}
}
