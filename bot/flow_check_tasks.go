package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// stepChoose is the step of the check flow that waits for the choice of a
// task among the listed ones.
const stepChoose = "choose"

// maxTasks bounds the open tasks listed.
const maxTasks = 9

// taskChoice is the list of open tasks shown, by their number in it.
type taskChoice struct {
	IDs       []int64 `json:"ids"`
	Household bool    `json:"household,omitempty"`
}

// openTasks returns who's open tasks and forgets the paused sessions of
// tasks no longer open (submitted from elsewhere, or closed).
func (c *chat) openTasks(who *checker) ([]models.OpenTask, error) {
	tasks, err := c.tx.OpenTasks(c.ctx, who.enterpriseID, c.st.UserID, maxTasks)
	if err != nil {
		return nil, err
	}
	if cs := c.st.Check; cs != nil {
		cs.Paused = slices.DeleteFunc(cs.Paused, func(p *checkState) bool {
			return p.Household == who.household &&
				!slices.ContainsFunc(tasks, func(t models.OpenTask) bool { return t.ID == p.AssignmentID })
		})
	}
	return tasks, nil
}

// startTasks lists the open tasks, even a single one (任务列表).
func (c *chat) startTasks(household bool) ([]Outbound, error) {
	who, out, err := c.checkerOf(household)
	if out != nil || err != nil {
		return out, err
	}
	tasks, err := c.openTasks(who)
	if err != nil {
		return nil, err
	}
	if len(tasks) == 0 {
		c.st.Flow, c.st.Step = "", ""
		return c.say("check_none"), nil
	}
	return c.listTasks(who, tasks)
}

// listTasks shows the open tasks, numbered, each with its deadline and
// about how many questions it asks, and waits for the choice.
func (c *chat) listTasks(who *checker, tasks []models.OpenTask) ([]Outbound, error) {
	lines := make([]string, 0, len(tasks))
	choice := &taskChoice{Household: who.household}
	for i, task := range tasks {
		t, err := c.templateOf(task.VersionID)
		if err != nil {
			return nil, err
		}
		sess := c.savedSession(t, task.ID)
		if sess == nil {
			subj := who.subject
			subj.Themes = task.Themes
			sess = questionnaire.NewSession(t, subj)
		}
		n, _ := c.estimate(sess)
		line := itoa(i+1) + ". " + taskTitle(task, t) + "（" + c.dueShort(task.DueAt) + "，约" + itoa(n) + "题"
		if k := len(sess.Answers()); k > 0 {
			line += "，已答" + itoa(k) + "题"
		}
		lines = append(lines, line+"）")
		choice.IDs = append(choice.IDs, task.ID)
	}
	c.st.Flow, c.st.Step, c.st.Tasks = flowCheck, stepChoose, choice
	return c.say("check_list", "n", itoa(len(tasks)), "list", strings.Join(lines, "\n")), nil
}

// savedSession returns the session the user answered part of for
// assignment id, current or paused, or nil.
func (c *chat) savedSession(t *questionnaire.Template, id int64) *questionnaire.Session {
	cs := c.st.Check
	if cs == nil {
		return nil
	}
	for _, s := range append([]*checkState{cs}, cs.Paused...) {
		if s.AssignmentID == id && len(s.Session) > 0 {
			if sess, err := questionnaire.ResumeSession(t, s.Session); err == nil {
				return sess
			}
		}
	}
	return nil
}

// chooseTask takes the choice of a listed task: its number, or words of its
// title that name one task only.
func (c *chat) chooseTask() ([]Outbound, error) {
	choice := c.st.Tasks
	text, isText := c.text()
	if choice == nil || (isText && cancelWords[strings.ToLower(text)]) {
		c.st.reset()
		return c.say("cancelled"), nil
	}
	who, out, err := c.checkerOf(choice.Household)
	if out != nil || err != nil {
		c.st.reset()
		return out, err
	}
	tasks, err := c.openTasks(who)
	if err != nil {
		return nil, err
	}
	max := itoa(len(choice.IDs))
	if !isText {
		return c.say("check_list_bad", "max", max), nil
	}
	var picked []int64
	if n, ok := number(text, len(choice.IDs)); ok {
		picked = []int64{choice.IDs[n-1]}
	} else if word := questionnaire.Fold(text); utf8.RuneCountInString(word) >= 2 {
		for _, task := range tasks {
			if slices.Contains(choice.IDs, task.ID) && strings.Contains(questionnaire.Fold(task.CampaignName), word) {
				picked = append(picked, task.ID)
			}
		}
	}
	switch {
	case len(picked) > 1:
		return c.say("check_list_ambiguous", "n", itoa(len(picked)), "word", clipRunes(text, 20)), nil
	case len(picked) == 0:
		return c.say("check_list_bad", "max", max), nil
	}
	for _, task := range tasks {
		if task.ID == picked[0] {
			return c.openTask(who, task, len(tasks)-1)
		}
	}
	// Submitted or closed since it was listed: list what is open now.
	if len(tasks) == 0 {
		c.st.reset()
		return c.say("check_none"), nil
	}
	return c.listTasks(who, tasks)
}

// taskTitle is how the chat names a task: its campaign's name, else its
// questionnaire's title.
func taskTitle(task models.OpenTask, t *questionnaire.Template) string {
	if task.CampaignName != "" {
		return task.CampaignName
	}
	return t.Title
}

// estimate returns about how many questions sess asks, and the most it may
// ask. The estimate gives the questions not yet answered a typical answer
// (see typical), so questions that only a coming answer opens are counted;
// the real count changes with the real answers, hence 约. Above 10 it is
// rounded to 5.
func (c *chat) estimate(sess *questionnaire.Session) (about, most int) {
	for _, it := range sess.Items() {
		if it.Asked() {
			most++
		}
	}
	about = roundCount(dryRun(sess, c.now.In(c.b.cfg.Location)))
	return min(about, most), most
}

// roundCount rounds a question count above 10 to 5.
func roundCount(n int) int {
	if n > 10 {
		return (n + 2) / 5 * 5
	}
	return n
}

// dryRun gives every unanswered, unskipped question of a copy of sess a
// typical answer and returns how many questions then apply.
func dryRun(sess *questionnaire.Session, now time.Time) int {
	answers := sess.Answers()
	done := map[string]bool{}
	for _, a := range answers {
		done[a.ItemID] = true
	}
	skipped := sess.Skipped()
	for _, id := range skipped {
		done[id] = true
	}
	for _, it := range sess.Items() {
		if !done[it.ID] && it.Asked() {
			answers = append(answers, questionnaire.Answer{ItemID: it.ID, Value: typical(it, now), At: now})
		}
	}
	run := questionnaire.RestoreSession(sess.Template(), sess.Subject(), answers, skipped)
	return len(run.Answers()) + len(skipped)
}

// typical is the answer dryRun gives to it: 是 to a question that may open
// others, the compliant answer to a checklist item, the least number, the
// first choice.
func typical(it *questionnaire.Item, now time.Time) questionnaire.Value {
	v := questionnaire.Value{Type: it.Type}
	switch it.Type {
	case questionnaire.TypeYesNo:
		yes := it.CompliantAnswer == nil || *it.CompliantAnswer
		v.Bool = &yes
	case questionnaire.TypeInteger:
		n := int64(1)
		if it.Min != nil {
			n = int64(*it.Min)
		}
		v.Int = &n
	case questionnaire.TypeDecimal:
		f := 1.0
		if it.Min != nil {
			f = *it.Min
		}
		v.Float = &f
	case questionnaire.TypeSingle, questionnaire.TypeMulti:
		if len(it.Choices) > 0 {
			v.Choices = []string{it.Choices[0].Name}
		}
	case questionnaire.TypeDate:
		v.Text = now.Format(questionnaire.DateLayout)
	case questionnaire.TypePhoto:
		v.Photos = []string{"photo:0"}
	case questionnaire.TypeLocation:
		v.Location = &questionnaire.Location{Lat: 23, Lon: 113}
	default:
		v.Text = "无"
	}
	return v
}

// lastDay is the last working day before a deadline (the day it falls on,
// or the working day before when it falls at midnight or on a day off), as
// people read it: 12月11日（周五）.
func (c *chat) lastDay(due time.Time) string {
	d := due.In(c.b.cfg.Location).Add(-time.Millisecond)
	if cal := c.b.cfg.Calendar; cal != nil {
		for i := 0; i < 30 && !cal.IsWorkday(d); i++ {
			d = d.AddDate(0, 0, -1)
		}
	}
	return fmt.Sprintf("%d月%d日（%s）", d.Month(), d.Day(), weekdays[d.Weekday()])
}

var weekdays = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}

// dueText is a task's deadline as the intro states it.
func (c *chat) dueText(due *time.Time) string {
	switch {
	case due == nil:
		return c.b.texts.say("due_none")
	case c.now.After(*due):
		return c.b.texts.say("due_overdue", "day", c.lastDay(*due))
	}
	return c.b.texts.say("due_by", "day", c.lastDay(*due))
}

// dueShort is a task's deadline as a list states it.
func (c *chat) dueShort(due *time.Time) string {
	switch {
	case due == nil:
		return "不限期"
	case c.now.After(*due):
		return "已逾期"
	}
	return c.lastDay(*due) + "前"
}
