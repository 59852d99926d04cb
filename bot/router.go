package bot

import (
	"strings"
	"unicode/utf8"
)

// Flows of the conversation.
const (
	flowBind      = "bind"
	flowCheck     = "check"
	flowHousehold = "household"
	flowReport    = "report"
	flowProgress  = "progress"
	flowCredit    = "credit"
	flowRectify   = "rectify"
	flowRegister  = "register"
	flowReopen    = "reopen"
	flowHelp      = "help"
	flowTasks     = "tasks"
)

// MenuKeys maps the custom menu's CLICK keys to flows; the outbound issue
// creates the menu with these keys.
var MenuKeys = map[string]string{
	"BIND": flowBind, "SELFCHECK": flowCheck, "REPORT": flowReport, "PROGRESS": flowProgress,
	"CREDIT": flowCredit, "RECTIFY": flowRectify, "REGISTER": flowRegister, "HOUSEHOLD": flowHousehold,
	"HELP": flowHelp,
}

// keywords are the typed words that start a flow, anywhere in a chat.
var keywords = map[string]string{
	"绑定企业": flowBind, "绑定": flowBind,
	"企业自查": flowCheck, "自查": flowCheck,
	"任务列表": flowTasks, "切换任务": flowTasks, "选择任务": flowTasks, "自查任务": flowTasks,
	"家庭自查": flowHousehold, "居民自查": flowHousehold,
	"我要举报": flowReport, "举报": flowReport,
	"查询进度": flowProgress, "进度": flowProgress,
	"我的信用": flowCredit, "信用": flowCredit,
	"整改":   flowRectify,
	"重新处理": flowReopen, "不满意": flowReopen,
	"登记住址": flowRegister, "登记": flowRegister,
	"帮助": flowHelp, "菜单": flowHelp, "help": flowHelp, "?": flowHelp, "？": flowHelp,
}

// cancelWords leave the current flow.
var cancelWords = map[string]bool{"取消": true, "退出": true, "cancel": true}

// maxText bounds any typed message; the flows have tighter limits.
const maxText = 2000

// dispatch routes the message to the flow it starts or continues.
func (c *chat) dispatch() ([]Outbound, error) {
	in := c.in
	switch in.Kind {
	case KindEvent:
		return c.event()
	case KindText:
		text := strings.TrimSpace(in.Content)
		if n := utf8.RuneCountInString(text); n > maxText {
			return c.say("text_too_long", "n", itoa(n), "max", itoa(maxText)), nil
		}
		if f, ok := keywords[strings.ToLower(text)]; ok {
			return c.start(f)
		}
		if cancelWords[strings.ToLower(text)] && c.st.Flow != "" && c.st.Flow != flowCheck {
			c.st.reset()
			return c.say("cancelled"), nil
		}
		if c.st.Flow != "" {
			return c.resume()
		}
		if out, ok, err := c.followup(text); ok || err != nil {
			return out, err
		}
		if out, ok, err := c.ticket(text); ok || err != nil {
			return out, err
		}
		return c.say("help_short"), nil
	case KindImage, KindLocation:
		if c.st.Flow != "" {
			return c.resume()
		}
		return c.say("help_short"), nil
	}
	return c.say("unsupported"), nil
}

// event handles subscribe (welcome, or binding by a QR code's scene), SCAN,
// unsubscribe and menu clicks; other events get no reply.
func (c *chat) event() ([]Outbound, error) {
	switch c.in.Event {
	case EventSubscribe, EventScan:
		if c.in.Key != "" {
			return c.bindByScene(c.in.Key)
		}
		if c.in.Event == EventSubscribe {
			c.st.reset()
			return c.say("welcome"), nil
		}
	case EventUnsubscribe:
		c.st.reset()
	case EventClick:
		if f, ok := MenuKeys[c.in.Key]; ok {
			return c.start(f)
		}
		return c.say("help_short"), nil
	}
	return nil, nil
}

// start begins a flow, abandoning the one in progress (questionnaire answers
// are kept).
func (c *chat) start(flow string) ([]Outbound, error) {
	c.st.reset()
	switch flow {
	case flowBind:
		return c.startBind()
	case flowCheck:
		return c.startCheck(false)
	case flowHousehold:
		return c.startCheck(true)
	case flowTasks:
		return c.startTasks(c.st.Check != nil && c.st.Check.Household)
	case flowReport:
		return c.startReport()
	case flowProgress:
		return c.progress()
	case flowCredit:
		return c.credit()
	case flowRectify:
		return c.startRectify()
	case flowRegister:
		return c.startRegister()
	case flowReopen:
		return c.reopen()
	}
	return c.say("help"), nil
}

// resume feeds the message to the flow in progress.
func (c *chat) resume() ([]Outbound, error) {
	switch c.st.Flow {
	case flowBind:
		return c.stepBind()
	case flowCheck:
		return c.stepCheck()
	case flowReport:
		return c.stepReport()
	case flowRectify:
		return c.stepRectify()
	case flowRegister:
		return c.stepRegister()
	case flowProgress:
		return c.stepProgress()
	}
	c.st.reset()
	return c.say("help_short"), nil
}

// text returns the trimmed text of a text message; ok is false for other
// kinds.
func (c *chat) text() (string, bool) {
	if c.in.Kind != KindText {
		return "", false
	}
	return strings.TrimSpace(c.in.Content), true
}

// number parses a typed choice 1..max, accepting full-width digits.
func number(s string, max int) (int, bool) {
	s = strings.TrimSpace(s)
	n := 0
	if s == "" || len(s) > 12 {
		return 0, false
	}
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			n = n*10 + int(r-'0')
		case r >= '０' && r <= '９':
			n = n*10 + int(r-'０')
		default:
			return 0, false
		}
	}
	return n, n >= 1 && n <= max
}

func itoa(n int) string { return itoa64(int64(n)) }
