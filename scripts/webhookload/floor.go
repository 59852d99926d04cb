package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"sync"

	_ "github.com/go-sql-driver/mysql"
	"github.com/silenceper/wechat/v2/cache"
	"github.com/silenceper/wechat/v2/officialaccount"
	oaconfig "github.com/silenceper/wechat/v2/officialaccount/config"
	"github.com/silenceper/wechat/v2/officialaccount/message"
)

// serveFloor serves the echo server with the least a durable webhook must
// do with its database: each message waits for a group commit that, per
// batch of concurrent messages, reads the chats' states in one SELECT and
// records the requests' nonces in one INSERT, which commits by itself
// before the replies leave. Two round trips per batch and nothing else: no
// transaction, no sessions, no users, no flows. Its chats table stays
// empty, which only flatters it. It is the floor under any design whose
// replicas answer from shared state and remember what they answered,
// measured like the real server.
func serveFloor(addr, token, dsn string) error {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := sql.Open("mysql", dsn+sep+"interpolateParams=true")
	if err != nil {
		return err
	}
	for _, q := range []string{
		"CREATE TABLE IF NOT EXISTS floor_chats (openid VARCHAR(64) PRIMARY KEY, state TEXT NOT NULL)",
		"CREATE TABLE IF NOT EXISTS floor_nonces (nonce VARCHAR(64) PRIMARY KEY, openid VARCHAR(64) NOT NULL)",
	} {
		if _, err := db.Exec(q); err != nil {
			return err
		}
	}
	g := &groupCommit{db: db, ready: make(chan struct{}, 1)}
	oa := officialaccount.NewOfficialAccount(&oaconfig.Config{
		AppID: "wxload", AppSecret: "load", Token: token, Cache: cache.NewMemory(),
	})
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := oa.GetServer(r, w)
		nonce := r.URL.Query().Get("nonce")
		var failed error
		s.SetMessageHandler(func(m *message.MixMessage) *message.Reply {
			if failed = g.do(string(m.FromUserName), nonce); failed != nil {
				return nil
			}
			return &message.Reply{MsgType: message.MsgTypeText, MsgData: message.NewText(m.Content)}
		})
		err := s.Serve()
		if failed != nil {
			// A failed commit must not pass for a fast answer.
			http.Error(w, failed.Error(), http.StatusInternalServerError)
			return
		}
		if err == nil {
			s.Send()
		}
	}))
}

type floorJob struct {
	openid, nonce string
	err           error
	done          chan struct{}
}

// groupCommit runs queued messages in batches on two workers, as the
// server does: one batch runs its statements while the other waits for its
// log flush.
type groupCommit struct {
	db      *sql.DB
	mu      sync.Mutex
	queue   []*floorJob
	running int
	ready   chan struct{}
}

func (g *groupCommit) do(openid, nonce string) error {
	j := &floorJob{openid: openid, nonce: nonce, done: make(chan struct{})}
	g.mu.Lock()
	g.queue = append(g.queue, j)
	if g.running < 2 {
		g.running++
		go g.work()
	}
	g.mu.Unlock()
	<-j.done
	return j.err
}

func (g *groupCommit) work() {
	for {
		g.mu.Lock()
		batch := g.queue[:min(len(g.queue), 64)]
		g.queue = g.queue[len(batch):]
		if len(batch) == 0 {
			g.running--
			g.mu.Unlock()
			return
		}
		g.mu.Unlock()
		err := g.commit(batch)
		for _, j := range batch {
			j.err = err
			close(j.done)
		}
	}
}

func (g *groupCommit) commit(batch []*floorJob) error {
	ctx := context.Background()
	marks := strings.TrimSuffix(strings.Repeat("?,", len(batch)), ",")
	ids := make([]any, len(batch))
	pairs := make([]any, 0, 2*len(batch))
	for i, j := range batch {
		ids[i] = j.openid
		pairs = append(pairs, j.nonce, j.openid)
	}
	rows, err := g.db.QueryContext(ctx, "SELECT openid, state FROM floor_chats WHERE openid IN ("+marks+")", ids...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, state string
		if err := rows.Scan(&id, &state); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	values := strings.TrimSuffix(strings.Repeat("(?,?),", len(batch)), ",")
	if _, err := g.db.ExecContext(ctx, "INSERT INTO floor_nonces (nonce, openid) VALUES "+values, pairs...); err != nil {
		return fmt.Errorf("nonces: %w", err)
	}
	return nil
}
