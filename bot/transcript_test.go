package bot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
	"selfcheck/scoring"
)

// line is one user action of a scripted chat.
type line struct {
	in   Inbound
	show string // how the action reads in the transcript
}

func say(text string) line { return line{Inbound{Kind: KindText, Content: text}, text} }
func photo(media string) line {
	return line{Inbound{Kind: KindImage, MediaID: media}, "[图片 " + media + "]"}
}
func place(lat, lon float64, label string) line {
	return line{Inbound{Kind: KindLocation, Lat: lat, Lon: lon, Label: label}, fmt.Sprintf("[位置 %.4f,%.4f %s]", lat, lon, label)}
}
func click(key string) line {
	return line{Inbound{Kind: KindEvent, Event: EventClick, Key: key}, "[菜单 " + key + "]"}
}
func event(ev, key string) line {
	return line{Inbound{Kind: KindEvent, Event: ev, Key: key}, "[事件 " + ev + " " + key + "]"}
}
func voice() line { return line{Inbound{Kind: KindOther}, "[语音]"} }

// chatScript runs lines as one user and returns the transcript; sim
// judges each passive reply as WeChat would. {code} in a
// text is replaced by the fixture's bind code.
func chatScript(t *testing.T, sim *wechatsim.Server, b *Bot, now *time.Time, openID string, fx fixture, lines []line) string {
	t.Helper()
	var tr strings.Builder
	for i, l := range lines {
		in := l.in
		in.OpenID, in.Account = openID, "gh_test"
		in.Content = strings.ReplaceAll(in.Content, "{code}", fx.code)
		in.MsgID = now.Unix()*1000 + int64(i)
		if in.Kind == KindEvent {
			in.MsgID = 0
		}
		in.Time = *now
		out, err := b.Handle(context.Background(), in)
		if err != nil {
			t.Fatalf("step %d (%s): Handle: %v", i+1, l.show, err)
		}
		fmt.Fprintf(&tr, "> %s\n", clipRunes(l.show, 60))
		if len(out) == 0 {
			tr.WriteString("(无回复)\n")
		}
		if r, err := replyXML(in, out, *now); err != nil {
			t.Fatal(err)
		} else if shown, ok := sim.Reply(openID, r); !ok {
			t.Errorf("step %d (%s): WeChat would show %s for a reply of %d bytes", i+1, l.show, shown, len(r))
		}
		for _, o := range out {
			if o.Text == "" {
				t.Errorf("step %d (%s): empty reply text", i+1, l.show)
			}
			if code := internalWord.FindString(o.Text); code != "" {
				t.Errorf("step %d (%s): reply shows the internal word %q:\n%s", i+1, l.show, code, o.Text)
			}
			tr.WriteString(o.Text + "\n")
		}
		tr.WriteString("\n")
		*now = now.Add(time.Minute)
	}
	return tr.String()
}

// internalWord matches what people must never read in a reply: codes
// (selfcheck_on_time, false_report.一般), template keywords (thing1：) and
// raw booleans.
var internalWord = regexp.MustCompile(`[a-z_]{4,}\.|[a-z]+_[a-z_]+|[a-z]+[0-9]+[:：]|\b(true|false)\b`)

// golden compares got with testdata/name.golden, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("transcript %s (-want +got):\n%s", name, diff)
	}
}

func TestTranscripts(t *testing.T) {
	long := strings.Repeat("很", 10000)
	tests := []struct {
		name  string
		setup func(t *testing.T, s *models.Store, fx fixture)
		lines []line
		check func(t *testing.T, s *models.Store, fx fixture)
	}{
		{"enterprise", nil, []line{
			event(EventSubscribe, ""), say("你好"), say("企业自查"), click("BIND"), say("abc"),
			say("91440604ma4c7wuw3j"), say("WRONG123"), say("{code}"), say("绑定企业"),
			click("SELFCHECK"), say("很多人"), photo("m-emp"), say("12"), say("否"), say("责任人尚未书面明确"), say("跳过"),
			photo("m-fs01"), say("上一题"), say("退出"), say("企业自查"), say("跳过"),
			say("汇总"), say("提交"), say("提交"),
			say("整改"), say("x"), say("责任人"), say("3"), say("已整改"), photo("m-early"), say("灭火器已补充，责任人已明确"),
			photo("m-fix1"), say("好了"), say("整改"), say("取消"),
			say("我的信用"), voice(), event(EventLocation, ""), say("🔥🔥"),
		}, nil},
		{"citizen", nil, []line{
			click("REPORT"), say("abc"), say("９"), photo("m-x"), say("消防通道"), say("短"), say(long),
			say(strings.Repeat("楼", 501)), say("小区楼道堆放大量杂物，堵塞消防通道🔥，已持续一周"),
			photo("m1"), photo("m2"), photo("m3"), photo("m4"), say("好了"),
			say("x"), place(23.0301, 113.1202, "祖庙路1号"), photo("m5"), say("无"),
			say("查询进度"), say("1"), say("2"), say("JB20261127-0001"), click("PROGRESS"), say("取消"),
			say("我的信用"), say("整改"), say("企业自查"),
			say("家庭自查"), say("登记住址"), say("99"), say("祖庙街道"), say("不存在社区"), say("朝安东社区"),
			say("家庭自查"),
		}, nil},
		{"tasks", func(t *testing.T, s *models.Store, fx fixture) { addTask(t, s, fx) }, []line{
			say("绑定企业"), say("91440604MA4C7WUW3J"), say("{code}"),
			say("企业自查"), say("3"), say("专项"), say("燃气"), say("更多"),
			say("是"), say("否"), photo("m-gas1"), say("报警器损坏，已报修"),
			say("否"), say("跳过"), say("x"), say("跳过"),
			say("任务列表"), say("2"), say("12"), say("退出"),
			say("企业自查"), say("切换任务"), say("燃气"), say("上一题"), say("是"), say("提交"),
			say("整改"), say("取消"), say("企业自查"),
		}, checkEvidence},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			modelstest.Each(t, func(t *testing.T, s *models.Store) {
				now := testNow
				sim := newSim(t)
				b := newTestBotOn(t, sim, s, &now)
				fx := newFixture(t, s)
				if tc.setup != nil {
					tc.setup(t, s, fx)
				}
				got := chatScript(t, sim, b, &now, "o-"+tc.name, fx, tc.lines)
				golden(t, tc.name, got)
				if tc.check != nil {
					tc.check(t, s, fx)
				}
			})
		})
	}
}

// checkEvidence checks what the tasks transcript stored with its hazard
// answers: the description in the answer's value, the photo in its row.
func checkEvidence(t *testing.T, s *models.Store, fx fixture) {
	var rows []models.Answer
	if err := s.DB().Where("item_id IN ?", []string{"GS-01", "GS-02"}).Order("item_id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	type stored struct {
		Item, Value string
		Photo       bool
		Compliant   *bool
	}
	var got []stored
	for _, r := range rows {
		got = append(got, stored{r.ItemID, r.Value, r.PhotoID != nil, r.Compliant})
	}
	no, yes := false, true
	want := []stored{
		{"GS-01", `{"type":"yesno","bool":false,"note":"报警器损坏，已报修"}`, true, &no},
		{"GS-02", `{"type":"yesno","bool":true}`, false, &yes},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored hazard answers (-want +got):\n%s", diff)
	}
}

// TestCreditInWords checks that 我的信用 shows scoring rule codes that reach
// it in their Chinese labels.
func TestCreditInWords(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		now := testNow
		sim := newSim(t)
		b := newTestBotOn(t, sim, s, &now)
		b.cfg.Explain = func(context.Context, int64) (scoring.Result, error) {
			return scoring.Result{Grade: scoring.GradeC, Shown: decimal.NewFromInt(640),
				Decision: scoring.Decision{Text: "C级：按40%比例随机抽查"},
				Reasons: []string{"2026-10-09 selfcheck_on_time+5分，2027-10-09到期", "2026-03-02 false_report.一般.B-120分，2027-03-02到期",
					"2026-05-01 not_rectified.较重.Z-30分，2028-05-01到期"},
				Raise: []string{"hard.false_report：2027-03-02解除"}}, nil
		}
		fx := newFixture(t, s)
		got := chatScript(t, sim, b, &now, "o-credit", fx, []line{say("绑定企业"), say(fx.firm.USCC), say("{code}"), say("我的信用")})
		for _, want := range []string{"按时提交自查+5分", "自查自报不实（一般隐患，填报时B级）-120分", "较重隐患逾期未整改-30分", "自查自报不实，等级封顶为D级：2027-03-02解除"} {
			if !strings.Contains(got, want) {
				t.Errorf("我的信用 lacks %q:\n%s", want, got)
			}
		}
	})
}
