package bot

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
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
			tr.WriteString(o.Text + "\n")
		}
		tr.WriteString("\n")
		*now = now.Add(time.Minute)
	}
	return tr.String()
}

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
		lines []line
	}{
		{"enterprise", []line{
			event(EventSubscribe, ""), say("你好"), say("企业自查"), click("BIND"), say("abc"),
			say("91440604ma4c7wuw3j"), say("WRONG123"), say("{code}"), say("绑定企业"),
			click("SELFCHECK"), say("很多人"), photo("m-emp"), say("12"), say("否"), say("跳过"),
			photo("m-fs01"), say("上一题"), say("退出"), say("企业自查"), say("跳过"),
			say("汇总"), say("提交"), say("提交"),
			say("整改"), say("x"), say("1"), say("3"), say("1"), photo("m-early"), say("灭火器已补充，责任人已明确"),
			photo("m-fix1"), say("好了"), say("整改"), say("取消"),
			say("我的信用"), voice(), event(EventLocation, ""), say("🔥🔥"),
		}},
		{"citizen", []line{
			click("REPORT"), say("abc"), say("９"), photo("m-x"), say("2"), say("短"), say(long),
			say(strings.Repeat("楼", 501)), say("小区楼道堆放大量杂物，堵塞消防通道🔥，已持续一周"),
			photo("m1"), photo("m2"), photo("m3"), photo("m4"), say("好了"),
			say("x"), place(23.0301, 113.1202, "祖庙路1号"), photo("m5"), say("无"),
			say("查询进度"), click("PROGRESS"), say("取消"),
			say("我的信用"), say("整改"), say("企业自查"),
			say("家庭自查"), say("登记住址"), say("99"), say("祖庙街道"), say("不存在社区"), say("朝安东社区"),
			say("家庭自查"),
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			modelstest.Each(t, func(t *testing.T, s *models.Store) {
				now := testNow
				sim := newSim(t)
				b := newTestBotOn(t, sim, s, &now)
				fx := newFixture(t, s)
				got := chatScript(t, sim, b, &now, "o-"+tc.name, fx, tc.lines)
				golden(t, tc.name, got)
			})
		})
	}
}
