package questionnaire

import (
	"slices"
	"strings"
	"testing"
)

func ids(items []*Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func TestApplicable(t *testing.T) {
	tpl := loadAll(t)["enterprise"]
	tests := []struct {
		name    string
		subj    Subject
		want    []string // must be present
		notWant []string // must be absent
	}{
		{
			name:    "Restaurant",
			subj:    Subject{Tags: []string{"餐饮", "人员密集", "公众聚集"}},
			want:    []string{"FS-05", "uses_gas", "GS-01", "GS-02", "GS-13", "FD-01", "FD-11", "CM-01"},
			notWant: []string{"EN-01", "SE-10", "LS-01", "HC-01", "FD-17", "FS-17"},
		},
		{
			name:    "Warehouse",
			subj:    Subject{Tags: []string{"仓储物流"}},
			want:    []string{"FS-05", "FS-13", "SE-14", "SP-17"},
			notWant: []string{"uses_gas", "GS-01", "GS-07", "GS-02", "FD-01", "EN-03"},
		},
		{
			name: "CanteenAttr",
			subj: Subject{Tags: []string{"餐饮"}, Attrs: map[string]any{"canteen": true}},
			want: []string{"FD-17"},
		},
		{
			name:    "KeyFireUnit",
			subj:    Subject{Tags: []string{"办公"}, Attrs: map[string]any{"fire_key_unit": true}},
			want:    []string{"FS-17", "FS-20", "FS-38"},
			notWant: []string{"FD-01"},
		},
		{
			name: "PermitHolder",
			subj: Subject{Tags: []string{"陶瓷"}, Licences: []string{"排污许可"}},
			want: []string{"EN-07", "EN-08", "SP-22"},
		},
		{
			name:    "NoPermit",
			subj:    Subject{Tags: []string{"陶瓷"}},
			notWant: []string{"EN-07", "EN-08"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(tpl.Applicable(tc.subj))
			for _, id := range tc.want {
				if !slices.Contains(got, id) {
					t.Errorf("Applicable(%v) lacks %s", tc.subj.Tags, id)
				}
			}
			for _, id := range tc.notWant {
				if slices.Contains(got, id) {
					t.Errorf("Applicable(%v) has %s, want it left out", tc.subj.Tags, id)
				}
			}
			if len(got) >= len(tpl.Items) {
				t.Errorf("Applicable(%v) = %d items, want fewer than the %d in the checklist", tc.subj.Tags, len(got), len(tpl.Items))
			}
		})
	}
}

func TestSelfCheckItemsExcludeVisits(t *testing.T) {
	tpl := loadAll(t)["enterprise"]
	subj := Subject{Tags: []string{"娱乐", "零售", "人员密集"}}
	all := ids(tpl.Applicable(subj))
	self := ids(tpl.SelfCheckItems(subj))
	if !slices.Contains(all, "FM-04") {
		t.Fatalf("Applicable lacks FM-04 (needs a visit but applies)")
	}
	if slices.Contains(self, "FM-04") {
		t.Errorf("SelfCheckItems has FM-04, which is not self-checkable")
	}
	if len(self) >= len(all) {
		t.Errorf("SelfCheckItems = %d, Applicable = %d, want fewer", len(self), len(all))
	}
}

func TestSkipLogic(t *testing.T) {
	tpls := loadAll(t)
	yes, no := boolPtr(true), boolPtr(false)
	tests := []struct {
		name     string
		slug     string
		subj     Subject
		answers  map[string]Value
		item     string
		relevant bool
	}{
		{name: "LPGFollowUpWhenLPG", slug: "enterprise", subj: Subject{Tags: []string{"餐饮"}},
			answers: map[string]Value{"uses_gas": {Bool: yes}, "uses_lpg": {Bool: yes}}, item: "GS-15", relevant: true},
		{name: "NoLPGFollowUp", slug: "enterprise", subj: Subject{Tags: []string{"餐饮"}},
			answers: map[string]Value{"uses_gas": {Bool: yes}, "uses_lpg": {Bool: no}}, item: "GS-15", relevant: false},
		{name: "NoGasNoGasItems", slug: "enterprise", subj: Subject{Tags: []string{"餐饮"}},
			answers: map[string]Value{"uses_gas": {Bool: no}}, item: "GS-01", relevant: false},
		{name: "CylinderRoomOver100kg", slug: "enterprise", subj: Subject{Tags: []string{"餐饮"}},
			answers: map[string]Value{"uses_gas": {Bool: yes}, "uses_lpg": {Bool: yes}, "lpg_cylinders": {Int: int64Ptr(8)}}, item: "GS-10", relevant: true},
		{name: "CylinderRoomUnder100kg", slug: "enterprise", subj: Subject{Tags: []string{"餐饮"}},
			answers: map[string]Value{"uses_gas": {Bool: yes}, "uses_lpg": {Bool: yes}, "lpg_cylinders": {Int: int64Ptr(3)}}, item: "GS-10", relevant: false},
		{name: "HouseholdLPG", slug: "household", answers: map[string]Value{"gas_type": {Choices: []string{"both"}}}, item: "HG-08", relevant: true},
		{name: "HouseholdPiped", slug: "household", answers: map[string]Value{"gas_type": {Choices: []string{"piped"}}}, item: "HG-08", relevant: false},
		{name: "HouseholdEbike", slug: "household", answers: map[string]Value{"has_ebike": {Bool: yes}}, item: "HF-03", relevant: true},
		{name: "FollowupResolved", slug: "followup", answers: map[string]Value{"resolved": {Choices: []string{"yes"}}}, item: "remaining", relevant: false},
		{name: "FollowupUnresolved", slug: "followup", answers: map[string]Value{"resolved": {Choices: []string{"no"}}}, item: "reopen", relevant: true},
		{name: "FollowupLowScore", slug: "followup", answers: map[string]Value{"satisfaction": {Choices: []string{"2"}}}, item: "callback", relevant: true},
		{name: "FollowupHighScore", slug: "followup", answers: map[string]Value{"satisfaction": {Choices: []string{"5"}}, "speed": {Choices: []string{"4"}}}, item: "callback", relevant: false},
		{name: "RentalOneFloor", slug: "rental", answers: map[string]Value{"floors": {Int: int64Ptr(1)}}, item: "SX-09", relevant: false},
		{name: "RentalShop", slug: "rental", answers: map[string]Value{"has_shop": {Bool: yes}}, item: "SX-02", relevant: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tpl := tpls[tc.slug]
			answers := map[string]Answer{}
			for id, v := range tc.answers {
				v.Type = tpl.Item(id).Type
				answers[id] = Answer{ItemID: id, Value: v}
			}
			env := tpl.env(answers, tc.subj, "2026-11-27")
			if got := tpl.Item(tc.item).relevant(tc.subj, env); got != tc.relevant {
				t.Errorf("%s relevant with %v = %v, want %v", tc.item, tc.answers, got, tc.relevant)
			}
		})
	}
}

func TestChecklistShape(t *testing.T) {
	tpl := loadAll(t)["enterprise"]
	themes := map[string]int{}
	depts := map[string]bool{}
	judged := 0
	for _, it := range tpl.Items {
		if !it.Judged() {
			continue
		}
		judged++
		themes[it.Theme]++
		depts[it.Department] = true
		if !strings.HasSuffix(it.Text, "？") || !strings.Contains(it.Text, "是否") {
			t.Errorf("%s text %q is not a yes/no question", it.ID, it.Text)
		}
		if it.LegalBasis == "" {
			t.Errorf("%s has no legal basis", it.ID)
		}
	}
	if judged < 90 || len(themes) < 6 || len(depts) < 6 {
		t.Errorf("checklist has %d items, %d themes, %d departments; want >= 90, 6, 6", judged, len(themes), len(depts))
	}
}

func TestSelfCheckItemsThemes(t *testing.T) {
	tpl := loadAll(t)["enterprise"]
	all := Subject{Tags: []string{"餐饮", "人员密集", "公众聚集"}}
	gas := all
	gas.Themes = []string{"燃气安全"}
	got := tpl.SelfCheckItems(gas)
	if len(got) == 0 || len(got) >= len(tpl.SelfCheckItems(all)) {
		t.Fatalf("SelfCheckItems(燃气安全) = %d items, want fewer than the %d of the whole checklist", len(got), len(tpl.SelfCheckItems(all)))
	}
	for _, it := range got {
		if it.Theme != "燃气安全" && it.ID != "uses_gas" && it.ID != "uses_lpg" {
			t.Errorf("SelfCheckItems(燃气安全) asks %s of theme %q", it.ID, it.Theme)
		}
	}
	if !slices.Contains(ids(got), "uses_gas") || !slices.Contains(ids(got), "GS-01") {
		t.Errorf("SelfCheckItems(燃气安全) = %v, want the gate uses_gas and GS-01", ids(got))
	}
	if !slices.Contains(tpl.Themes(), "消防安全") || !slices.Contains(tpl.Themes(), "燃气安全") {
		t.Errorf("Themes() = %v", tpl.Themes())
	}
	// The themes survive a saved session.
	s := NewSession(tpl, gas)
	raw, _ := s.MarshalJSON()
	r, err := ResumeSession(tpl, raw)
	if err != nil || len(r.Items()) != len(got) {
		t.Errorf("ResumeSession: %d items, %v; want %d", len(r.Items()), err, len(got))
	}
}
