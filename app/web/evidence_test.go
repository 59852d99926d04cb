package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // thumbnails are JPEG
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// evidence is what seedEvidence adds to seedWork's records.
type evidence struct {
	sub, report, photo int64
	// curve is a firm with a year of monthly score history and no answers.
	curve *models.Enterprise
}

// seedEvidence gives the first firm an earlier accepted self-check whose
// answer carries a photo, files a report with the same photo, and gives a
// new firm a ledger replayed into monthly snapshots.
func seedEvidence(t *testing.T, e *env) evidence {
	t.Helper()
	ctx := context.Background()
	ids := seedWork(t, e)
	ev := evidence{sub: ids["/api/v1/submissions/"]}
	img := image.NewRGBA(image.Rect(0, 0, 600, 400))
	for y := range 400 {
		for x := range 600 {
			img.Set(x, y, color.RGBA{uint8(x / 3), uint8(y / 2), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	var err error
	if ev.photo, err = e.reg.SavePhoto(ctx, &models.User{ID: 1, Username: "admin", Role: models.RoleAdmin}, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	sub, err := e.store.SubmissionByID(ctx, ev.sub, false)
	if err != nil {
		t.Fatal(err)
	}
	earlier := testNow.AddDate(0, -2, 0)
	yes := true
	firm := e.firms[0].ID
	cb := models.HistoryBatch{Campaigns: []models.Campaign{{Name: "燃气安全月度自查", VersionID: sub.Assignment.VersionID, Audience: "enterprise",
		Status: models.CampaignPushed, CreatedBy: "seed", CreatedAt: earlier, UpdatedAt: earlier}}}
	if err := e.store.InsertHistory(ctx, &cb); err != nil {
		t.Fatal(err)
	}
	b := models.HistoryBatch{
		Assignments: []models.Assignment{{CampaignID: cb.Campaigns[0].ID, VersionID: sub.Assignment.VersionID, EnterpriseID: &firm,
			Status: models.AssignmentAccepted, StartedAt: &earlier, SubmittedAt: &earlier}},
		Answers: []models.BatchAnswer{{Answer: models.Answer{ItemID: "GS-01", Value: "true", Compliant: &yes, PhotoID: &ev.photo, AnsweredAt: earlier}, Assignment: 1}},
	}
	if err := e.store.InsertHistory(ctx, &b); err != nil {
		t.Fatal(err)
	}
	r := &models.CitizenReport{Source: "chat", Category: "燃气安全", Description: "店门口堆放液化气钢瓶", Address: "祖庙路9号",
		StreetCode: "440604012", GridCode: "440604012001"}
	if err := e.store.CreateReport(ctx, r, []int64{ev.photo}, shanghai); err != nil {
		t.Fatal(err)
	}
	ev.report = r.ID
	ev.curve = modelstest.Enterprise(t, e.store, func(x *models.Enterprise) {
		x.Name, x.StreetCode, x.GridCode = "佛山市禅城区曲线五金店", "440604012", "440604012001"
	})
	pen, err := e.credit.Penalty(ev.curve.ID, "较重", testNow.AddDate(0, -5, 0))
	if err != nil {
		t.Fatal(err)
	}
	lb := models.HistoryBatch{CreditEvents: []models.BatchCreditEvent{{CreditEvent: pen}}}
	if err := e.store.InsertHistory(ctx, &lb); err != nil {
		t.Fatal(err)
	}
	at := models.MonthStarts(testNow.AddDate(-1, 0, 0), testNow, shanghai)
	if n, err := e.store.BackfillScores(ctx, ev.curve.ID, ev.curve.ID, at, e.credit.Scorer()); err != nil || n != 1 {
		t.Fatalf("BackfillScores = %d, %v; want the new firm", n, err)
	}
	return ev
}

// TestBackfillScores replays a ledger into monthly snapshots: the score
// drops the month the penalty happened, the current row remembers the score
// before it, and a firm already scored is left alone.
func TestBackfillScores(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			e := newEnv(t, d)
			ev := seedEvidence(t, e)
			ctx := context.Background()
			h, err := e.store.ScoreHistory(ctx, ev.curve.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) != 12 {
				t.Fatalf("ScoreHistory = %d snapshots, want 12 monthly ones", len(h))
			}
			first, last := h[0].Shown, h[len(h)-1].Shown
			if !last.LessThan(first) {
				t.Errorf("score went %s → %s, want a drop after the penalty", first, last)
			}
			cur, err := e.store.CurrentScore(ctx, ev.curve.ID)
			if err != nil {
				t.Fatal(err)
			}
			if cur.PrevShown == nil || !cur.PrevShown.Equal(first) || !cur.Shown.Equal(last) {
				t.Errorf("current score = %s (previous %v), want %s after %s", cur.Shown, cur.PrevShown, last, first)
			}
			at := models.MonthStarts(testNow.AddDate(-1, 0, 0), testNow, shanghai)
			if n, err := e.store.BackfillScores(ctx, e.firms[0].ID, ev.curve.ID, at, e.credit.Scorer()); err != nil || n != 0 {
				t.Errorf("BackfillScores over scored firms = %d, %v; want 0", n, err)
			}
		})
	}
}

// TestPhotoThumbnail serves a stored photo scaled to the thumbnail width,
// and in full without the size.
func TestPhotoThumbnail(t *testing.T) {
	e := newEnv(t, "sqlite")
	ev := seedEvidence(t, e)
	c := e.login("admin")
	for _, tc := range []struct {
		query string
		width int
	}{{"?w=240", 240}, {"", 600}} {
		resp, err := c.Get(fmt.Sprintf("%s/admin/photos/%d%s", e.srv.URL, ev.photo, tc.query))
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("photo%s = %d, %v", tc.query, resp.StatusCode, err)
		}
		if w := img.Bounds().Dx(); w != tc.width {
			t.Errorf("photo%s is %d wide, want %d", tc.query, w, tc.width)
		}
	}
}

// TestBrowserEvidence reads, as a reviewer would, a submission's answers in
// words next to their questions and the previous answer, the enterprise
// file's photo thumbnail, its score curve with axes and hover values and
// labelled rules, and a report's photo; then picks a grid by street and a
// firm by name in the order form.
func TestBrowserEvidence(t *testing.T) {
	e := newEnv(t, "sqlite")
	ev := seedEvidence(t, e)
	ctx := browser(t, 90*time.Second)
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("browser: read %s: %v", sel, err)
		}
		return s
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/admin/review/%d", e.srv.URL, ev.sub)),
		chromedp.WaitVisible(chromedp.CSS("#username")),
		chromedp.SendKeys(chromedp.CSS("#username"), "admin"),
		chromedp.SendKeys(chromedp.CSS("#password"), testPassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#answers")),
	)
	if err != nil {
		t.Fatalf("browser: open the submission: %v", err)
	}
	answers := text("#answers")
	for _, want := range []string{"燃气", "否", "是", "不合规"} {
		if !strings.Contains(answers, want) {
			t.Errorf("review answers = %q, want %q", answers, want)
		}
	}
	if strings.Contains(answers, "false") || strings.Contains(answers, "true") || strings.Contains(answers, "GS-01") {
		t.Errorf("review answers = %q, want no raw values or item codes", answers)
	}
	if prev := text("#answers td.previous"); !strings.Contains(prev, "是") || !strings.Contains(prev, "有变化") {
		t.Errorf("previous answer = %q, want 是 marked as changed", prev)
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/admin/enterprises/%d", e.srv.URL, e.firms[0].ID)),
		chromedp.WaitVisible(chromedp.CSS("#explanation")),
	)
	if err != nil {
		t.Fatalf("browser: open the firm: %v", err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#submissions a.photo").getAttribute("href") + " " + document.querySelector("#submissions a.photo img").getAttribute("src")`))
	if want := fmt.Sprintf("/admin/photos/%d /admin/photos/%d?w=240", ev.photo, ev.photo); err != nil || href != want {
		t.Errorf("file photo link = %q, %v; want %q", href, err, want)
	}
	if rules := text("#explanation"); strings.Contains(rules, "base") || !strings.Contains(rules, "基础分") {
		t.Errorf("explanation = %q, want rule labels", rules)
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/admin/enterprises/%d", e.srv.URL, ev.curve.ID)),
		chromedp.WaitVisible(chromedp.CSS("#history-chart")),
	)
	if err != nil {
		t.Fatalf("browser: open the firm with history: %v", err)
	}
	chart, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const c = document.querySelector("#history-chart");
		return [String(c.querySelectorAll("circle.dot").length), String(c.querySelectorAll("rect.band").length),
			c.querySelector("circle.dot title").textContent, [...c.querySelectorAll("text.axis")].map(t => t.textContent).join(" ")]; })()`))
	if err != nil {
		t.Fatalf("browser: read the chart: %v", err)
	}
	if chart[0] != "12" || chart[1] == "0" || !strings.Contains(chart[2], "分") || !strings.Contains(chart[2], "级") ||
		!strings.Contains(chart[3], "1000") || !strings.Contains(chart[3], "2026-") {
		t.Errorf("chart = %q, want 12 dots with hover values over grade bands and dated, scored axes", chart)
	}
	if trend := text("#history-trend"); !strings.HasPrefix(trend, "-") {
		t.Errorf("trend = %q, want a drop", trend)
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/admin/reports/%d", e.srv.URL, ev.report)),
		chromedp.WaitVisible(chromedp.CSS("#report-photos img.thumb")),
	)
	if err != nil {
		t.Fatalf("browser: open the report with its photo: %v", err)
	}
	if st := text("#report-status"); st != "已受理" {
		t.Errorf("report status = %q, want the report_status label", st)
	}

	script, err := os.ReadFile(filepath.Join(modelstest.Root(t), "templates", "static", "pickers.js"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/admin/orders"),
		chromedp.WaitVisible(chromedp.CSS("#order-form")),
		// The test server serves the dashboard without /static/: run the
		// page's script as the browser would have.
		chromedp.Evaluate[chromedp.Void](string(script)),
		chromedp.SetValue(chromedp.CSS("#f-street"), "440604011"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#f-street").dispatchEvent(new Event("change"))`),
		chromedp.SendKeys(chromedp.CSS("#order-firm-search"), "绿叶"),
	)
	if err != nil {
		t.Fatalf("browser: use the order form's pickers: %v", err)
	}
	groups, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#f-grid optgroup")].filter(g => !g.hidden).map(g => g.dataset.street)`))
	if err != nil || len(groups) != 1 || groups[0] != "440604011" {
		t.Errorf("grid groups shown = %q, %v; want only the chosen street's", groups, err)
	}
	label, err := chromedp.Run(ctx, chromedp.Poll[string](`document.querySelector("#order-firm-list option") && document.querySelector("#order-firm-list option").value`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !strings.Contains(label, "绿叶陶瓷") {
		t.Fatalf("firm search offered %q, %v; want the ceramics firm", label, err)
	}
	quoted, _ := json.Marshal(label)
	err = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`(() => { const b = document.querySelector("#order-firm-search");
		b.value = `+string(quoted)+`; b.dispatchEvent(new Event("input")); })()`))
	if err != nil {
		t.Fatalf("browser: choose the firm: %v", err)
	}
	if targets, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#targets"))); err != nil || targets != e.firms[1].USCC {
		t.Errorf("targets = %q, %v; want the chosen firm's code %s", targets, err, e.firms[1].USCC)
	}
}

// TestPhotoPolicy serves the photo of an answer only to those who may see
// the answer: a department never sees the evidence of another department's
// item, even on a submission it may read.
func TestPhotoPolicy(t *testing.T) {
	e := newEnv(t, "sqlite")
	ev := seedEvidence(t, e)
	for _, tc := range []struct {
		user string
		want int
	}{{"admin", http.StatusOK}, {"zumiao", http.StatusOK}, {"fire", http.StatusNotFound}} {
		status, _ := e.get(e.login(tc.user), fmt.Sprintf("/admin/photos/%d", ev.photo))
		if status != tc.want {
			t.Errorf("%s: GET photo = %d, want %d", tc.user, status, tc.want)
		}
	}
}
