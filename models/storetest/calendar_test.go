package storetest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestCalendar(t *testing.T) {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	cal, err := models.LoadCalendar(os.DirFS(filepath.Join(modelstest.Root(t), "templates")), "holidays.yaml", loc)
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation(time.DateOnly, s, loc)
		return d
	}
	workdays := []struct {
		date string
		want bool
	}{
		{"2026-11-27", true},  // Friday
		{"2026-11-28", false}, // Saturday
		{"2026-10-01", false}, // 国庆节
		{"2026-10-10", true},  // Saturday, 调休 workday
		{"2026-02-14", true},  // Saturday before 春节, 调休
		{"2026-02-18", false}, // 春节 on a Wednesday
	}
	for _, tc := range workdays {
		if got := cal.IsWorkday(day(tc.date)); got != tc.want {
			t.Errorf("IsWorkday(%s) = %v, want %v", tc.date, got, tc.want)
		}
	}
	adds := []struct {
		name, from string
		n          int
		want       string
	}{
		{"OverWeekend", "2026-11-27", 1, "2026-11-30"},
		{"FiveDays", "2026-11-23", 5, "2026-11-30"},
		{"OverNationalDay", "2026-09-30", 1, "2026-10-08"},
		{"MakeUpSaturdayCounts", "2026-10-09", 1, "2026-10-10"},
		{"OverSpringFestival", "2026-02-13", 2, "2026-02-24"},
	}
	for _, tc := range adds {
		t.Run(tc.name, func(t *testing.T) {
			got := cal.AddWorkdays(day(tc.from), tc.n)
			if got.Format(time.DateOnly) != tc.want || got.Hour() != 23 {
				t.Errorf("AddWorkdays(%s, %d) = %v, want end of %s", tc.from, tc.n, got, tc.want)
			}
		})
	}
}
