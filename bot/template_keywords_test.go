package bot

import (
	"os"
	"testing"

	"selfcheck/bot/wechatsim"
)

func TestShapeKeyword(t *testing.T) {
	for _, tc := range []struct {
		field, value, want string
	}{
		{"thing1", "佛山市禅城区一品餐厅", "佛山市禅城区一品餐厅"},
		{"thing1", "佛山市禅城区祖庙街道一品香连锁餐饮管理有限公司", "佛山市禅城区祖庙街道一品香连锁餐饮管理…"},
		{"thing1", "两行\n文字", "两行 文字"},
		{"thing4", "", "无"},
		{"character_string1", "JB20261127-0001", "JB20261127-0001"},
		{"character_string1", "JB20261127000100010001000100010001", "JB202611270001000100010001000100"},
		{"character_string1", "编号JB1", "JB1"},
		{"phrase2", "C", "丙等"},
		{"phrase2", "D级", "丁等"},
		{"phrase2", "较重", "较重"},
		{"phrase2", "不批准延期申请", "不批准延期"},
		{"phrase2", "A-1", "无"},
		{"number4", "5", "5"},
		{"number4", "约5天", "5"},
		{"letter1", "C级", "C"},
		{"date3", "2026-12-05", "2026年12月5日"},
		{"date3", "2026-12-11 09:30", "2026年12月11日"},
		{"time3", "2026-12-05 17:00", "2026年12月05日 17:00"},
		{"time3", "2026-12-11", "2026年12月11日 23:59"},
		{"name1", "张三 Zhang", "张三"},
	} {
		if got := shapeKeyword(tc.field, tc.value); got != tc.want {
			t.Errorf("shapeKeyword(%s, %q) = %q, want %q", tc.field, tc.value, got, tc.want)
		}
	}
}

// TestNoticeTemplatesFit renders every notice type with awkward values
// (long names, empty notes, line breaks, grade letters) through the
// shipped mapping and has the stand-in judge each template message.
func TestNoticeTemplatesFit(t *testing.T) {
	ts := testTemplates(t)
	o, err := NewOutbox(nil, os.DirFS("../templates"), ts, "https://selfcheck.example.gov.cn")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]wechatsim.Template{}
	for _, st := range simTemplates(ts) {
		byID[st.ID] = st
	}
	values := map[string]string{
		"firm": "佛山市禅城区祖庙街道一品香连锁餐饮管理有限公司", "title": "2026年冬季燃气安全与消防安全专项自查（餐饮场所）",
		"deadline": "2026-12-11", "days": "3", "note": "", "reason": "照片模糊\n无法看清灭火器压力表", "item": "灭火器压力不足或超过有效期未检修",
		"severity": "较重", "result": "企业自行整改并经照片复核通过，本次销号计入信用加分", "date": "2026-12-10",
		"from": "B", "grade": "D", "score": "512", "reasons": "严重隐患未整改（扣80分）；逾期未整改（扣30分）；自查未按期提交（扣10分）",
		"effective": "2026-12-05", "ticket": "JB20261127-0001", "category": "消防安全", "status": "处理中",
	}
	for topic, fields := range TopicFields {
		f := map[string]string{}
		for _, k := range fields {
			f[k] = values[k]
		}
		if topic == TopicDeferralDecided {
			f["result"] = "不批准延期"
		}
		p := o.render(Notice{Topic: topic, Ref: "x", Fields: f})
		if p.Template == nil {
			t.Errorf("%s: no template message", topic)
			continue
		}
		st, ok := byID[p.Template.ID]
		if !ok {
			t.Errorf("%s: template %s unknown to the account", topic, p.Template.ID)
			continue
		}
		if err := st.CheckTemplateData(p.Template.Data); err != nil {
			t.Errorf("%s: %v (data %v)", topic, err, p.Template.Data)
		}
	}
}
