package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestEnterpriseValidate(t *testing.T) {
	d := modelstest.District(t)
	tests := []struct {
		name    string
		mutate  func(*models.Enterprise)
		wantErr string
	}{
		{"OK", func(*models.Enterprise) {}, ""},
		{"OKStreetByName", func(e *models.Enterprise) { e.StreetCode = "张槎街道"; e.GridCode = "莲塘村" }, ""},
		{"ErrCheckDigit", func(e *models.Enterprise) { e.USCC = "91440606722473344D" }, "统一社会信用代码校验位不正确，请核对后重新输入"},
		{"ErrNameRequired", func(e *models.Enterprise) { e.Name = " " }, "企业名称不能为空"},
		{"ErrUnknownStreet", func(e *models.Enterprise) { e.StreetCode = "天河区" }, "镇街「天河区」不是本区镇街"},
		{"ErrGridOfOtherStreet", func(e *models.Enterprise) { e.GridCode = "莲塘村" }, "网格「莲塘村」不属于祖庙街道"},
		{"ErrUnknownIndustry", func(e *models.Enterprise) { e.IndustryCode = "Z9999" }, "行业代码「Z9999」不在本区行业目录中"},
		{"ErrTwoProblems", func(e *models.Enterprise) { e.Name = ""; e.Size = "巨型" }, "企业名称不能为空；企业规模应为微型、小型、中型或大型"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := models.Enterprise{
				USCC: " 91440604ma4c7wuw3j", Name: "佛山市禅城区一品餐厅", IndustryCode: "6210",
				StreetCode: "440604012", GridCode: "朝安东",
			}
			tc.mutate(&e)
			err := e.Validate(d)
			if got := models.ErrorMessage(err); got != tc.wantErr {
				t.Fatalf("Validate() = %q, want %q", got, tc.wantErr)
			}
			if err != nil && models.ErrorCode(err) != models.EINVALID {
				t.Errorf("ErrorCode = %q, want %q", models.ErrorCode(err), models.EINVALID)
			}
			if tc.name == "OK" {
				want := []string{"91440604MA4C7WUW3J", "H6210", "餐饮", "440604012001"}
				if diff := cmp.Diff(want, []string{e.USCC, e.IndustryCode, e.Industry, e.GridCode}); diff != "" {
					t.Errorf("normalized fields (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestNameBigrams(t *testing.T) {
	got := models.NameBigrams("佛山 ABC陶瓷·陶瓷")
	want := []string{"佛山", "ab", "bc", "c陶", "陶瓷"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NameBigrams (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"店"}, models.NameBigrams("店")); diff != "" {
		t.Errorf("NameBigrams of one character (-want +got):\n%s", diff)
	}
}

func TestUpsertEnterprises(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		d := modelstest.District(t)
		first := models.Enterprise{USCC: modelstest.NewUSCC(), Name: "禅城区阿明针织布经营部😀", IndustryCode: "C1761", StreetCode: "440604011"}
		second := models.Enterprise{USCC: modelstest.NewUSCC(), Name: "佛山市南庄陶瓷有限公司", IndustryCode: "C3071", StreetCode: "440604100"}
		for _, e := range []*models.Enterprise{&first, &second} {
			if err := e.Validate(d); err != nil {
				t.Fatal(err)
			}
		}
		res, err := s.UpsertEnterprises(ctx, []models.Enterprise{first, second})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(models.UpsertResult{Inserted: 2}, res); diff != "" {
			t.Errorf("first upsert (-want +got):\n%s", diff)
		}
		first.Name = "禅城区阿明针织有限公司"
		res, err = s.UpsertEnterprises(ctx, []models.Enterprise{first})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(models.UpsertResult{Updated: 1}, res); diff != "" {
			t.Errorf("second upsert (-want +got):\n%s", diff)
		}
		got, err := s.EnterpriseByUSCC(ctx, first.USCC)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != first.Name || got.Industry != "制造" {
			t.Errorf("after update got %q (%s), want %q (制造)", got.Name, got.Industry, first.Name)
		}
		if n, _ := s.CountEnterprises(ctx); n != 2 {
			t.Errorf("CountEnterprises() = %d, want 2", n)
		}
		// The name index follows the rename: the old grams are gone.
		var grams []string
		s.DB().Raw("SELECT gram FROM enterprise_bigrams WHERE enterprise_id = ? ORDER BY gram", got.ID).Scan(&grams)
		for _, g := range grams {
			if g == "织布" {
				t.Errorf("bigram %q of the old name is still indexed", g)
			}
		}
		if len(grams) != len(models.NameBigrams(first.Name)) {
			t.Errorf("indexed %d grams, want %d", len(grams), len(models.NameBigrams(first.Name)))
		}
	})
}

func TestEnterpriseEmojiRoundTrip(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		e := modelstest.Enterprise(t, s, func(e *models.Enterprise) { e.Address = "祖庙路1号🏮二楼" })
		got, err := s.Enterprise(context.Background(), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Address != "祖庙路1号🏮二楼" {
			t.Errorf("Address = %q, want the emoji kept", got.Address)
		}
	})
}

func TestEnterpriseNotFound(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		_, err := s.EnterpriseByUSCC(context.Background(), "91440606722473344C")
		if got := models.ErrorCode(err); got != models.ENOTFOUND {
			t.Errorf("ErrorCode = %q, want %q", got, models.ENOTFOUND)
		}
		err = s.InsertEnterprises(context.Background(), []models.Enterprise{
			*modelstest.Enterprise(t, s, nil),
		})
		if got := models.ErrorCode(err); got != models.ECONFLICT {
			t.Errorf("inserting a duplicate code: ErrorCode = %q, want %q", got, models.ECONFLICT)
		}
	})
}
