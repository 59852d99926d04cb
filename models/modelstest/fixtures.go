package modelstest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"selfcheck/models"
	"selfcheck/models/uscc"
)

var fixtureSeq atomic.Int64

// NewUSCC returns a valid, unique 统一社会信用代码 for fixtures in district 440604.
func NewUSCC() string {
	n := fixtureSeq.Add(1)
	for {
		body := fmt.Sprintf("MA%06d", n%1000000)
		if code := uscc.Build("91", "440604", body); code != "" {
			return code
		}
		n = fixtureSeq.Add(1)
	}
}

// Enterprise inserts a valid 餐饮 firm in 祖庙街道, after letting mutate adjust
// it, and returns it with its id.
func Enterprise(tb testing.TB, s *models.Store, mutate func(*models.Enterprise)) *models.Enterprise {
	tb.Helper()
	lat, lon := 23.03, 113.12
	e := models.Enterprise{
		USCC:         NewUSCC(),
		Name:         fmt.Sprintf("佛山市禅城区测试餐饮店%d", fixtureSeq.Load()),
		IndustryCode: "H6210",
		StreetCode:   "440604012",
		GridCode:     "440604012001",
		Address:      "祖庙路1号",
		Size:         "小型",
		Lat:          &lat,
		Lon:          &lon,
	}
	if mutate != nil {
		mutate(&e)
	}
	if err := e.Validate(District(tb)); err != nil {
		tb.Fatalf("modelstest.Enterprise: %v", err)
	}
	if err := s.InsertEnterprises(context.Background(), []models.Enterprise{e}); err != nil {
		tb.Fatalf("modelstest.Enterprise: %v", err)
	}
	got, err := s.EnterpriseByUSCC(context.Background(), e.USCC)
	if err != nil {
		tb.Fatalf("modelstest.Enterprise: %v", err)
	}
	return got
}
