package seeddata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"selfcheck/models"
	"selfcheck/models/uscc"
)

// maxFirms bounds a district so that every firm index maps to its own code.
const maxFirms = 10_000_000

// Firm is one generated firm: the record the product sees and the profile it
// never reads.
type Firm struct {
	Index      int
	Enterprise models.Enterprise
	Profile    Profile
}

// Generator draws firms and their history. It is pure and safe for
// concurrent use: every firm has its own random stream.
type Generator struct {
	cfg     Config
	streets []streetTable
	items   []Item
}

// streetTable is a street with the cumulative industry weights of its firms.
type streetTable struct {
	street     *models.Street
	share      float64
	industries []*models.Industry
	cum        []float64
}

// New checks cfg and prepares the weight tables.
func New(cfg Config) (*Generator, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	g := &Generator{cfg: cfg, items: cfg.Items}
	d := cfg.District
	for i := range d.Streets {
		st := &d.Streets[i]
		t := streetTable{street: st, share: streetShare[st.Name]}
		if t.share == 0 {
			t.share = 0.2
		}
		total := 0.0
		for j := range d.Industries {
			in := &d.Industries[j]
			w := mixOf(in.Code).weight
			for _, tag := range in.Tags {
				if b, ok := streetBias[st.Name][tag]; ok {
					w *= b
				}
			}
			if b, ok := streetBias[st.Name][in.Category]; ok && !contains(in.Tags, in.Category) {
				w *= b
			}
			total += w
			t.industries = append(t.industries, in)
			t.cum = append(t.cum, total)
		}
		g.streets = append(g.streets, t)
	}
	return g, nil
}

func mixOf(code string) industryMix {
	if m, ok := mixes[code]; ok {
		return m
	}
	return defaultMix
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rng returns firm i's random stream for one purpose (firm or history), so
// that adding draws to one never shifts the other.
func (g *Generator) rng(i int, purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed, uint64(i)<<8|purpose))
}

// Firm returns the i-th firm of the district (0-based, counting Offset).
// Firm 0 is the demo firm: a restaurant in the first street with code
// DemoUSCC, whatever the seed.
func (g *Generator) Firm(i int) (Firm, error) {
	r := g.rng(i, 1)
	st := g.pickStreet(r)
	in := pick(r, st.industries, st.cum)
	mix := mixOf(in.Code)
	individual := r.Float64() < mix.individual && len(mix.shop) > 0
	if i == 0 {
		st, individual = &g.streets[0], false
		if x, ok := g.cfg.District.Industry("H6210"); ok {
			in, mix = x, mixOf("H6210")
		}
	}
	e := models.Enterprise{
		IndustryCode: in.Code,
		StreetCode:   st.street.Code,
		LegalRep:     personName(r),
		ContactPhone: mobile(r),
	}
	grid := &st.street.Grids[r.IntN(len(st.street.Grids))]
	e.GridCode = grid.Code
	region, oldStyle := "440604", false
	if !individual {
		region = choose(r, 0.15, "440600", "440604")
		oldStyle = r.Float64() < 0.25
	}
	if i == 0 {
		region, oldStyle = "440604", false
	}
	code, err := codeFor(i, individual, region, oldStyle)
	if err != nil {
		return Firm{}, err
	}
	e.USCC = code
	e.Name = firmName(r, individual, region, st.street, grid, mix)
	if i == 0 {
		e.Name = "佛山市禅城区好味道餐饮管理有限公司"
	}
	e.Size = firmSize(r, individual, in.Category)
	e.Address = address(r, st.street, grid)
	lat, lon := g.coordinates(r, st.street)
	e.Lat, e.Lon = &lat, &lon
	if err := e.Validate(g.cfg.District); err != nil {
		return Firm{}, fmt.Errorf("generated firm %d: %w", i, err)
	}
	return Firm{Index: i, Enterprise: e, Profile: drawProfile(r)}, nil
}

func (g *Generator) pickStreet(r *rand.Rand) *streetTable {
	total := 0.0
	for _, s := range g.streets {
		total += s.share
	}
	x := r.Float64() * total
	for i := range g.streets {
		if x < g.streets[i].share {
			return &g.streets[i]
		}
		x -= g.streets[i].share
	}
	return &g.streets[len(g.streets)-1]
}

func pick[T any](r *rand.Rand, items []T, cum []float64) T {
	x := r.Float64() * cum[len(cum)-1]
	for i, c := range cum {
		if x < c {
			return items[i]
		}
	}
	return items[len(items)-1]
}

func choose(r *rand.Rand, p float64, yes, no string) string {
	if r.Float64() < p {
		return yes
	}
	return no
}

func oneOf(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// DemoUSCC is the code of firm 0, the demo firm, for every seed.
func DemoUSCC() string {
	code, _ := codeFor(0, false, "440604", false)
	return code
}

// codeFor builds firm i's code. Its body is a bijection of i, so codes never
// repeat within a district: "MA" and six base-31 symbols for codes issued
// since 2015, "7" and seven digits for the older organization codes.
func codeFor(i int, individual bool, region string, oldStyle bool) (string, error) {
	kind := "91"
	if individual {
		kind = "92"
	}
	var body string
	if oldStyle {
		const m = 10_000_000
		body = "7" + fmt.Sprintf("%07d", (uint64(i)*7_654_321+1_234_567)%m)
	} else {
		const m = 31 * 31 * 31 * 31 * 31 * 31
		n := (uint64(i)*387_420_489 + 99_999_989) % m
		alpha := uscc.Alphabet()
		var b [6]byte
		for k := 5; k >= 0; k-- {
			b[k] = alpha[n%31]
			n /= 31
		}
		body = "MA" + string(b[:])
	}
	if code := uscc.Build(kind, region, body); code != "" {
		return code, nil
	}
	return "", fmt.Errorf("no valid code for firm %d (body %s)", i, body)
}

func personName(r *rand.Rand) string {
	n := oneOf(r, surnames) + oneOf(r, givenChars)
	if r.Float64() < 0.7 {
		n += oneOf(r, givenChars)
	}
	return n
}

func mobile(r *rand.Rand) string {
	prefixes := []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "152", "155", "158",
		"159", "176", "177", "180", "186", "188", "189", "191", "199"}
	return oneOf(r, prefixes) + fmt.Sprintf("%08d", r.IntN(100_000_000))
}

// firmName names a company "佛山市禅城区" + 字号 + business + 有限公司, or an
// individual business after its place and owner, as
// "禅城区张槎莲塘阿明针织布经营部".
func firmName(r *rand.Rand, individual bool, region string, st *models.Street, grid *models.Grid, mix industryMix) string {
	if individual {
		place := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(st.Name, "镇街道"), "街道"), "镇")
		village := strings.TrimSuffix(strings.TrimSuffix(grid.Name, "社区"), "村")
		return "禅城区" + place + village + oneOf(r, nicknames) + oneOf(r, mix.shop)
	}
	prefix := "佛山市禅城区"
	if region == "440600" {
		prefix = "佛山市"
	}
	trade := oneOf(r, tradeNames) + oneOf(r, tradeNames)
	return prefix + trade + oneOf(r, mix.company) + "有限公司"
}

func firmSize(r *rand.Rand, individual bool, category string) string {
	if individual {
		return choose(r, 0.92, "微型", "小型")
	}
	x := r.Float64()
	if category == "制造" || category == "危化品" || category == "仓储" {
		x *= 0.75
	}
	switch {
	case x < 0.03:
		return "大型"
	case x < 0.15:
		return "中型"
	case x < 0.5:
		return "小型"
	}
	return "微型"
}

func address(r *rand.Rand, st *models.Street, grid *models.Grid) string {
	road := oneOf(r, roads[st.Name])
	if road == "" {
		road = "中心路"
	}
	a := st.Name + grid.Name + road + strconv.Itoa(1+r.IntN(300)) + "号"
	switch r.IntN(4) {
	case 0:
		a += strconv.Itoa(1+r.IntN(30)) + "号铺"
	case 1:
		a += string(rune('A'+r.IntN(6))) + "座" + strconv.Itoa(101+r.IntN(20)) + "室"
	}
	return a
}

// coordinates draws a point near the street's centre, inside the bounding box.
func (g *Generator) coordinates(r *rand.Rand, st *models.Street) (float64, float64) {
	b := g.cfg.District.BBox
	for range 20 {
		lat := st.Center.Lat + r.NormFloat64()*0.012
		lon := st.Center.Lon + r.NormFloat64()*0.014
		if b.Contains(lat, lon) {
			return round6(lat), round6(lon)
		}
	}
	return round6(min(max(st.Center.Lat, b.MinLat), b.MaxLat)), round6(min(max(st.Center.Lon, b.MinLon), b.MaxLon))
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// drawProfile draws a firm's hidden profile: most firms are fairly compliant,
// a tail is not; honesty and diligence go with compliance.
func drawProfile(r *rand.Rand) Profile {
	c := clamp01(0.74 + 0.17*r.NormFloat64())
	return Profile{
		Compliance: round3(c),
		Honesty:    round3(clamp01(0.8 + 0.6*(c-0.74) + 0.15*r.NormFloat64())),
		Diligence:  round3(clamp01(0.72 + 0.7*(c-0.74) + 0.17*r.NormFloat64())),
	}
}

func clamp01(x float64) float64 { return min(max(x, 0.01), 0.99) }

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
