package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"selfcheck/bot/wechatsim"
	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// clusterWait bounds every wait of the replica tests: generous, the machine
// being busy, and never a sleep standing in for a condition.
const clusterWait = 2 * time.Minute

// selfcheckBin is the selfcheck binary the replica tests share: built by
// the first of them, removed after the last.
var selfcheckBin struct {
	mu    sync.Mutex
	dir   string
	users int
}

// buildSelfcheck returns the path of the selfcheck binary, building it the
// first time.
func buildSelfcheck(t *testing.T) string {
	t.Helper()
	b := &selfcheckBin
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dir == "" {
		dir, err := os.MkdirTemp("", "selfcheck-bin-")
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "selfcheck"), ".")
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			os.RemoveAll(dir)
			t.Fatalf("go build: %v", err)
		}
		b.dir = dir
	}
	b.users++
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.users--; b.users == 0 {
			os.RemoveAll(b.dir)
			b.dir = ""
		}
	})
	return filepath.Join(b.dir, "selfcheck")
}

// cluster is several selfcheck serve processes on one database, one Redis
// and one stand-in WeChat API, behind the test's own round-robin.
type cluster struct {
	t        *testing.T
	bin      string
	env      map[string]string
	api      *wechatsim.Server
	replicas []*replica
	next     atomic.Int64
	msgID    atomic.Int64
	nonce    atomic.Int64
}

// replica is one selfcheck serve process.
type replica struct {
	name string
	cmd  *exec.Cmd
	url  string
	logs *logBuffer
	done chan struct{}
	err  error
}

// logBuffer collects a process's output, safe for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the JSON log lines whose msg is msg.
func (l *logBuffer) lines(msg string) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(l.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// newCluster returns a cluster on the database at dbURL with the stand-in
// api; start replicas with start.
func newCluster(t *testing.T, bin, dbURL, redisURL string, api *wechatsim.Server, templates string) *cluster {
	c := &cluster{t: t, bin: bin, api: api, env: map[string]string{
		"DATABASE_URL":     dbURL,
		"DATA_DIR":         t.TempDir(),
		"LISTEN_ADDR":      "127.0.0.1:0",
		"WECHAT_APPID":     api.AppID,
		"WECHAT_APPSECRET": api.AppSecret,
		"WECHAT_TOKEN":     "replicatoken",
		"WECHAT_API_BASE":  api.URL,
		"WECHAT_TEMPLATES": templates,
		"PUBLIC_BASE_URL":  "https://selfcheck.example.gov.cn",
		"LOG_FORMAT":       "json",
	}}
	if redisURL != "" {
		c.env["REDIS_URL"] = redisURL
	}
	c.msgID.Store(time.Now().UnixNano() / 1000)
	t.Cleanup(c.stopAll)
	return c
}

func (c *cluster) environ() []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TZ=UTC"}
	for k, v := range c.env {
		env = append(env, k+"="+v)
	}
	return env
}

// command runs a selfcheck command line against the cluster's database and
// returns its output, failing the test if it fails.
func (c *cluster) command(args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Env = c.environ()
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("selfcheck %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

var servingLine = regexp.MustCompile(`selfcheck serving on (http://\S+)`)

// start starts a replica and waits until /readyz answers.
func (c *cluster) start(name string) *replica {
	c.t.Helper()
	return c.startAll(name)[0]
}

// startAll starts replicas at once, as a rollout does, and waits until
// each answers /readyz.
func (c *cluster) startAll(names ...string) []*replica {
	c.t.Helper()
	var rs []*replica
	urls := make([]chan string, len(names))
	for i, name := range names {
		r := &replica{name: name, logs: &logBuffer{}, done: make(chan struct{})}
		r.cmd = exec.Command(c.bin, "serve")
		r.cmd.Env = c.environ()
		r.cmd.Stderr = r.logs
		stdout, err := r.cmd.StdoutPipe()
		if err != nil {
			c.t.Fatal(err)
		}
		if err := r.cmd.Start(); err != nil {
			c.t.Fatal(err)
		}
		urls[i] = make(chan string, 1)
		go func(found chan<- string) {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
					select {
					case found <- m[1]:
					default:
					}
				}
			}
		}(urls[i])
		go func() { r.err = r.cmd.Wait(); close(r.done) }()
		c.replicas = append(c.replicas, r)
		rs = append(rs, r)
	}
	for i, r := range rs {
		select {
		case r.url = <-urls[i]:
		case <-r.done:
			c.t.Fatalf("replica %s exited at start: %v\n%s", r.name, r.err, r.logs)
		case <-time.After(clusterWait):
			c.t.Fatalf("replica %s did not start\n%s", r.name, r.logs)
		}
		c.waitFor("replica "+r.name+" ready", r.ready)
	}
	return rs
}

// ready reports whether /readyz answers 200.
func (r *replica) ready() bool {
	res, err := http.Get(r.url + "/readyz")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

func (r *replica) running() bool {
	select {
	case <-r.done:
		return false
	default:
		return true
	}
}

// kill sends SIGKILL and waits for the process to end.
func (c *cluster) kill(r *replica) {
	c.t.Helper()
	if r.running() {
		r.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-r.done
}

// stop sends SIGTERM and waits for a graceful stop.
func (c *cluster) stop(r *replica) {
	c.t.Helper()
	if !r.running() {
		return
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
	case <-time.After(clusterWait):
		r.cmd.Process.Signal(syscall.SIGKILL)
		<-r.done
		c.t.Errorf("replica %s did not stop on SIGTERM", r.name)
	}
}

// stopAll stops every replica and checks that each logged JSON lines only
// (LOG_FORMAT=json), drivers' own messages included.
func (c *cluster) stopAll() {
	for _, r := range c.replicas {
		c.stop(r)
	}
	for _, r := range c.replicas {
		for _, line := range strings.Split(strings.TrimSpace(r.logs.String()), "\n") {
			if line != "" && !json.Valid([]byte(line)) {
				c.t.Errorf("replica %s logged a line that is not JSON: %q", r.name, clipReply(line, 200))
				break
			}
		}
	}
	if c.t.Failed() {
		for _, r := range c.replicas {
			c.t.Logf("replica %s log:\n%s", r.name, clipReply(r.logs.String(), 20000))
		}
	}
}

// live returns the running replicas.
func (c *cluster) live() []*replica {
	var out []*replica
	for _, r := range c.replicas {
		if r.running() {
			out = append(out, r)
		}
	}
	return out
}

// waitFor polls cond until it holds, failing the test after clusterWait.
func (c *cluster) waitFor(what string, cond func() bool) {
	c.t.Helper()
	deadline := time.Now().Add(clusterWait)
	for !cond() {
		if time.Now().After(deadline) {
			c.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond) // polling interval, not synchronisation
	}
}

// say posts a signed text message of openID to the next live replica (round
// robin), as WeChat would, and returns the replica and the reply's text.
func (c *cluster) say(openID, text string) (*replica, string) {
	c.t.Helper()
	live := c.live()
	r := live[int(c.next.Add(1)-1)%len(live)]
	c.api.UserMessage(openID)
	xmlBody := fmt.Sprintf(`<xml><ToUserName><![CDATA[gh_replicas]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>%d</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content><MsgId>%d</MsgId></xml>`,
		openID, time.Now().Unix(), text, c.msgID.Add(1))
	status, body, err := c.post(r, xmlBody)
	if err != nil || status != http.StatusOK {
		c.t.Fatalf("replica %s: %q: status %d, %v: %s", r.name, text, status, err, body)
	}
	var reply struct {
		Content string `xml:"Content"`
	}
	if body != "success" && body != "" {
		if err := xml.Unmarshal([]byte(body), &reply); err != nil {
			c.t.Fatalf("replica %s: reply %q: %v", r.name, body, err)
		}
	}
	return r, reply.Content
}

// post posts a raw message body to r's webhook, signed.
func (c *cluster) post(r *replica, body string) (int, string, error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	nonce := strconv.FormatInt(c.nonce.Add(1), 36)
	q := url.Values{"timestamp": {ts}, "nonce": {nonce}, "signature": {webhookSignature(c.env["WECHAT_TOKEN"], ts, nonce)}}
	res, err := http.Post(r.url+"/wechat?"+q.Encode(), "text/xml", strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// webhookSignature is WeChat's signature of a plaintext-mode request.
func webhookSignature(parts ...string) string {
	p := append([]string(nil), parts...)
	sort.Strings(p)
	sum := sha1.Sum([]byte(strings.Join(p, "")))
	return hex.EncodeToString(sum[:])
}

// periodicRuns returns the periods of the runs of job every replica logged,
// with how many runs each period had.
func (c *cluster) periodicRuns(job string) map[string]int {
	runs := map[string]int{}
	for _, r := range c.replicas {
		for _, l := range r.logs.lines("periodic job started") {
			if l["job"] == job {
				runs[fmt.Sprint(l["period"])]++
			}
		}
	}
	return runs
}

// seedBound inserts n active firms in street with one bound user each,
// ids from first on, and returns the users' openids.
func seedBound(t testing.TB, s *models.Store, first int64, n int, street, prefix string) []string {
	t.Helper()
	now := time.Now().UTC().Format("2006-01-02 15:04:05")
	var es, us, bs []string
	var openIDs []string
	for i := range int64(n) {
		id := first + i
		o := fmt.Sprintf("%s%d", prefix, id)
		openIDs = append(openIDs, o)
		es = append(es, fmt.Sprintf("(%d,'R%017d','佛山市禅城区副本企业%d有限公司','H6210','餐饮','%s','%s','%s')", id, id, id, street, now, now))
		us = append(us, fmt.Sprintf("(%d,'%s','%s','%s')", id, o, now, now))
		bs = append(bs, fmt.Sprintf("(%d,%d,'%s')", id, id, now))
	}
	for _, q := range []string{
		"INSERT INTO enterprises (id, uscc, name, industry_code, industry, street_code, created_at, updated_at) VALUES " + strings.Join(es, ","),
		"INSERT INTO wechat_users (id, openid, created_at, updated_at) VALUES " + strings.Join(us, ","),
		"INSERT INTO bindings (wechat_user_id, enterprise_id, created_at) VALUES " + strings.Join(bs, ","),
	} {
		if err := s.DB().Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	return openIDs
}

// freePort returns a free TCP port on 127.0.0.1 in [lo, hi).
func freePort(t testing.TB, lo, hi int) int {
	t.Helper()
	for p := lo; p < hi; p++ {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err == nil {
			l.Close()
			return p
		}
	}
	t.Fatalf("no free port in %d-%d", lo, hi)
	return 0
}

// redisServer is a private redis-server a test starts and stops.
type redisServer struct {
	t    testing.TB
	port int
	cmd  *exec.Cmd
	done chan struct{}
}

// startRedis starts a private redis-server on a free port of ours.
func startRedis(t testing.TB) *redisServer {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Fatalf("redis-server not installed (apt-get install redis-server): %v", err)
	}
	r := &redisServer{t: t, port: freePort(t, 19050, 19099)}
	r.up()
	t.Cleanup(r.down)
	return r
}

func (r *redisServer) url(db int) string { return fmt.Sprintf("redis://127.0.0.1:%d/%d", r.port, db) }

// up starts the server (again, on the same port) and waits until it
// accepts connections.
func (r *redisServer) up() {
	r.t.Helper()
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", r.t.TempDir())
	r.done = make(chan struct{})
	if err := r.cmd.Start(); err != nil {
		r.t.Fatal(err)
	}
	cmd, done := r.cmd, r.done
	go func() { cmd.Wait(); close(done) }()
	deadline := time.Now().Add(clusterWait)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", r.port))
		if err == nil {
			fmt.Fprintf(c, "PING\r\n")
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "+PONG") {
				return
			}
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("redis-server on %d did not start", r.port)
		}
		time.Sleep(20 * time.Millisecond) // polling interval
	}
}

// down stops the server with SIGKILL (nothing to save) and waits.
func (r *redisServer) down() {
	if r.cmd != nil && r.cmd.Process != nil {
		select {
		case <-r.done:
		default:
			r.cmd.Process.Signal(syscall.SIGKILL)
			<-r.done
		}
	}
}

// clusterFixture is what the replica tests share: the binary, a fresh
// MariaDB database with the shipped configuration loaded, an App on it to
// seed, and the stand-in API with the test's templates.
type clusterFixture struct {
	bin       string
	url       string
	seed      *App
	api       *wechatsim.Server
	templates string
}

func newClusterFixture(t *testing.T) *clusterFixture {
	t.Helper()
	f := &clusterFixture{bin: buildSelfcheck(t), url: modelstest.NewURL(t, "mysql"), templates: testTemplatesFile(t)}
	cfg, err := LoadConfig(testEnv(map[string]string{"DATABASE_URL": f.url, "DATA_DIR": t.TempDir(), "WECHAT_TEMPLATES": f.templates}))
	if err != nil {
		t.Fatal(err)
	}
	if f.seed, err = newApp(context.Background(), cfg, assetsFS(), true); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.seed.Close() })
	// A fresh account per test: the Redis token key is per AppID.
	f.api = wechatsim.New(fmt.Sprintf("wxrep%d", time.Now().UnixNano()%1e12), "replica-secret").Start()
	t.Cleanup(f.api.Close)
	ts, err := loadWeChatTemplates(f.templates, assetsFS(), false)
	if err != nil {
		t.Fatal(err)
	}
	f.api.AddTemplate(simTemplates(ts)...)
	return f
}

// campaign creates a campaign of the 燃气安全 theme for target; a non-nil
// pushAt schedules it.
func (f *clusterFixture) campaign(t *testing.T, name string, target models.CampaignTarget, pushAt *time.Time) int64 {
	t.Helper()
	c := &models.Campaign{Name: name, VersionID: f.seed.questionnaires["enterprise"], Audience: "enterprise", DeadlineDays: 5, CreatedBy: "test"}
	if pushAt != nil {
		c.Status, c.PushAt = models.CampaignScheduled, pushAt
	}
	if err := f.seed.store.CreateCampaign(context.Background(), c, target, []string{"燃气安全"}); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// redisForTest is the shared test Redis (REDIS_TEST_URL) or, without one, a
// private redis-server.
func redisForTest(t *testing.T) string {
	if u := os.Getenv("REDIS_TEST_URL"); u != "" {
		return u
	}
	return startRedis(t).url(0)
}

// promptIndex finds the question's number in a prompt: 第3/12题, or
// 第3题（共约20题） while answers may still open more questions.
var promptIndex = regexp.MustCompile(`第([0-9]+)(?:/[0-9]+题|题（共约[0-9]+题）)`)

// TestReplicas runs three selfcheck serve processes on one MariaDB
// database, one Redis and one stand-in WeChat API. At start every replica
// schedules housekeeping, but one runs it: the scheduled campaign is pushed
// once, the overdue finding is chased once, one audit round is drawn. The
// three senders share the outbox: every bound user gets exactly one
// message, nothing is sent twice, one access token is fetched. A firm's
// user binds and answers a self-check with each message going to the next
// replica: the conversation carries on across them and the answers land
// in order.
func TestReplicas(t *testing.T) {
	t.Parallel() // mostly waiting on other processes
	ctx := context.Background()
	f := newClusterFixture(t)
	store := f.seed.store
	const firms = 200
	openIDs := seedBound(t, store, 1, firms, "440604012", fmt.Sprintf("orep%d-", time.Now().UnixNano()%1e9))
	for _, o := range openIDs {
		f.api.Subscribe(o)
	}
	// An open finding of firm 1 past its deadline, for the overdue chase.
	if err := store.InsertFindings(ctx, []models.Finding{{EnterpriseID: 1, Source: models.FindingSelfReported, ItemID: "FD-05",
		Severity: "较重", DeadlineAt: time.Now().AddDate(0, 0, -2).UTC()}}); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Minute).UTC()
	scheduled := f.campaign(t, "燃气安全专项自查（定时）", models.CampaignTarget{Streets: []string{"440604012"}}, &past)
	// The firm that binds in the chat, outside the scheduled campaign.
	firm := modelstest.Enterprise(t, store, func(e *models.Enterprise) { e.StreetCode, e.GridCode = "440604011", "" })
	code, err := store.CreateBindCode(ctx, firm.ID, time.Hour, "test")
	if err != nil {
		t.Fatal(err)
	}

	c := newCluster(t, f.bin, f.url, redisForTest(t), f.api, f.templates)
	// Scores exist, so the scheduled audit round has firms to draw.
	c.command("score", "--all")
	start := time.Now()
	c.startAll("a", "b", "c")
	t.Logf("3 replicas ready in %v", time.Since(start))

	// Housekeeping ran once per period, on one replica: the scheduled
	// campaign reaches every bound user once, with the overdue notice for
	// firm 1's user.
	want := map[string]int{}
	for _, o := range openIDs {
		want[o] = 1
	}
	want[openIDs[0]] = 2
	c.waitFor("the scheduled campaign and the overdue notice delivered", func() bool {
		got := f.api.DeliveryCounts()
		for o, n := range want {
			if got[o] < n {
				return false
			}
		}
		return true
	})
	if cp, err := store.Campaign(ctx, scheduled); err != nil || cp.Status != models.CampaignPushed {
		t.Errorf("scheduled campaign: %+v, %v; want pushed", cp, err)
	}

	// The conversation, each message to the next replica.
	const user = "o_replica_firm_user"
	f.api.Subscribe(user)
	c.say(user, "绑定企业")
	c.say(user, firm.USCC)
	if _, r := c.say(user, code); !strings.Contains(r, "绑定成功") {
		t.Fatalf("bind: %q", r)
	}
	pushed := f.campaign(t, "燃气安全专项自查", models.CampaignTarget{EnterpriseIDs: []int64{firm.ID}}, nil)
	c.command("campaign", "push", strconv.FormatInt(pushed, 10))
	want[user] = 1
	c.waitFor("the campaign pushed from the command line delivered", func() bool { return f.api.DeliveredTo(user) >= 1 })

	_, reply := c.say(user, "企业自查")
	answered, seen := 0, map[string]bool{}
	for i := 0; !strings.Contains(reply, "确认无误请回复“提交”"); i++ {
		if i > 200 {
			t.Fatalf("no end after 200 answers: %q", reply)
		}
		if strings.Contains(reply, "回复“更多”查看后续") {
			_, reply = c.say(user, "更多")
			continue
		}
		m := promptIndex.FindStringSubmatch(reply)
		if m == nil {
			t.Fatalf("after %d answers, not a question: %q", answered, clipReply(reply, 200))
		}
		idx, _ := strconv.Atoi(m[1])
		if idx != answered+1 {
			t.Fatalf("after %d answers the chat asks question %d: %q", answered, idx, clipReply(reply, 200))
		}
		r, next := c.say(user, replicaAnswer(reply))
		seen[r.name] = true
		reply = next
		answered++
	}
	if answered == 0 || len(seen) != 3 {
		t.Fatalf("answered %d questions on replicas %v", answered, seen)
	}
	if _, r := c.say(user, "提交"); !strings.Contains(r, "提交成功") {
		t.Fatalf("submit: %q", clipReply(r, 200))
	}
	var stored int64
	if err := store.DB().Table("answers").Joins("JOIN assignments ON assignments.id = answers.assignment_id").
		Where("assignments.campaign_id = ?", pushed).Count(&stored).Error; err != nil || stored != int64(answered) {
		t.Errorf("answers stored: %d, %v; want %d", stored, err, answered)
	}

	// Everything sent, each message once, one token for all.
	c.waitFor("the outbox drained", func() bool {
		var pending int64
		store.DB().Table("outbox").Where("status <> ?", models.OutboxSent).Count(&pending)
		return pending == 0
	})
	got := f.api.DeliveryCounts()
	for o, n := range want {
		if got[o] != n {
			t.Errorf("%s received %d messages, want %d", o, got[o], n)
		}
	}
	var attempts []int
	store.DB().Table("outbox").Distinct("attempts").Pluck("attempts", &attempts)
	if f.api.Dropped() != 0 || len(attempts) != 1 || attempts[0] != 1 {
		t.Errorf("double work: %d repeats dropped by client_msg_id, attempts per row %v", f.api.Dropped(), attempts)
	}
	if n := f.api.TokenFetches(); n != 1 {
		t.Errorf("access tokens fetched: %d, want 1 shared by the replicas", n)
	}
	if r := f.api.Refused(); len(r) != 0 {
		t.Errorf("the stand-in refused %d calls, first %+v", len(r), r[0])
	}
	runs := c.periodicRuns(housekeepingJob)
	for p, n := range runs {
		if n != 1 {
			t.Errorf("housekeeping ran %d times for period %s", n, p)
		}
	}
	var rounds int64
	store.DB().Table("audit_rounds").Where("period IS NOT NULL").Count(&rounds)
	if len(runs) == 0 || rounds != 1 {
		t.Errorf("housekeeping runs by period %v, scheduled audit rounds %d; want one run per period and one round", runs, rounds)
	}
	t.Logf("%d firms, %d messages delivered (%d repeats dropped), %d token fetch, housekeeping runs %v, %d answers over 3 replicas, %v in all",
		firms, len(f.api.Deliveries()), f.api.Dropped(), f.api.TokenFetches(), runs, answered, time.Since(start))
}

// replicaAnswer answers a self-check prompt: compliant, shortest.
func replicaAnswer(prompt string) string {
	switch {
	case strings.Contains(prompt, "请回复“是”或“否”"):
		return "是"
	case strings.Contains(prompt, "可多选"), strings.Contains(prompt, "请回复选项前的数字"):
		return "1"
	case strings.Contains(prompt, "请输入日期"):
		return "今天"
	case strings.Contains(prompt, "请输入文字"):
		return "灭火器摆放在厨房门口"
	case strings.Contains(prompt, "请输入"):
		if m := firstNumber.FindStringSubmatch(prompt); m != nil {
			return m[1]
		}
		return "1"
	}
	return "是"
}

// TestRunOncePerPeriod: of replicas claiming a periodic job at once, one
// runs it; no run overlaps another; a finished run lets the next period
// through, and a dead holder's lease ends.
func TestRunOncePerPeriod(t *testing.T) {
	for _, d := range modelstest.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			a := newTestApp(t, d, time.Date(2026, 12, 7, 9, 59, 0, 0, time.UTC))
			var ran, claimed atomic.Int64
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ok, err := a.runOncePerPeriod(ctx, "test-job", 15*time.Minute, time.Hour, func(context.Context) { ran.Add(1) })
					if err != nil {
						t.Error(err)
					} else if ok {
						claimed.Add(1)
					}
				}()
			}
			wg.Wait()
			if ran.Load() != 1 || claimed.Load() != 1 {
				t.Fatalf("ran %d times, claimed %d times for one period", ran.Load(), claimed.Load())
			}
			claim := func(period string, ttl time.Duration) bool {
				t.Helper()
				ok, err := a.store.ClaimJob(ctx, "test-job", period, "other:1", ttl)
				if err != nil {
					t.Fatal(err)
				}
				return ok
			}
			if claim(jobPeriod(a.now(), 15*time.Minute), time.Hour) {
				t.Error("a finished period was claimed again")
			}
			// The next period: claimed, and while it runs nobody else's.
			if !claim("2026-12-07T10:00Z", time.Hour) {
				t.Fatal("the next period was not claimed")
			}
			if claim("2026-12-07T10:15Z", time.Hour) {
				t.Error("a period claimed while another run holds the lease")
			}
			// The holder died: its lease ends, the period after runs.
			a.now = func() time.Time { return time.Date(2026, 12, 7, 11, 1, 0, 0, time.UTC) }
			if !claim("2026-12-07T11:00Z", time.Hour) {
				t.Error("an expired lease was not taken over")
			}
			l, err := a.store.JobLeaseOf(ctx, "test-job")
			if err != nil || l.Period != "2026-12-07T11:00Z" || l.Holder != "other:1" || l.FinishedAt != nil {
				t.Errorf("lease = %+v, %v", l, err)
			}
		})
	}
}
