package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"selfcheck/bot"
)

// Outbound polling: the sender is also woken by every notify, so the poll
// only catches retries that fell due and other replicas' notices.
const (
	outboxPoll = 2 * time.Second
	photoPoll  = 5 * time.Second
)

// outbound is everything that talks to WeChat's API: the client with its
// shared token, the outbox, its sender and the photo downloader.
type outbound struct {
	api    *bot.API
	outbox *bot.Outbox
	sender *bot.Sender
	media  *bot.MediaWorker
	redis  *redis.Client
}

// outboundSlot builds the App's outbound once, on first use.
type outboundSlot struct {
	once sync.Once
	out  *outbound
	err  error
}

// outbound returns the App's outbound, building it on first use: the
// WECHAT_TEMPLATES mapping is loaded and validated then, so serve calls it
// at start to fail early.
func (a *App) outbound() (*outbound, error) {
	s := &a.out
	s.once.Do(func() { s.out, s.err = a.openOutbound() })
	return s.out, s.err
}

func (a *App) openOutbound() (*outbound, error) {
	templates, err := loadWeChatTemplates(a.cfg.TemplatesFile, a.assets, a.cfg.Demo)
	if err != nil {
		return nil, err
	}
	client, err := bot.NewHTTPClient(a.cfg.WeChat.APIBase, 0)
	if err != nil {
		return nil, err
	}
	// The SDK's HTTP client is process-wide. A process serves one App; a
	// test binary starts its Apps one after another, each pointing the client
	// at its own stand-in API before its workers start.
	bot.InstallHTTPClient(client)
	o := &outbound{}
	cache := bot.NewMemoryTokenCache()
	if a.cfg.RedisURL != "" {
		opts, err := redis.ParseURL(a.cfg.RedisURL)
		if err != nil {
			return nil, fmt.Errorf("REDIS_URL: %w", err)
		}
		o.redis = redis.NewClient(opts)
		cache = &watchedTokenCache{TokenCache: bot.NewRedisTokenCache(o.redis, a.cfg.WeChat.AppID), rdb: o.redis, log: a.log}
	}
	o.api = bot.NewAPI(bot.APIConfig{AppID: a.cfg.WeChat.AppID, AppSecret: a.cfg.WeChat.AppSecret, Base: a.cfg.WeChat.APIBase,
		StableToken: a.cfg.WeChat.StableToken}, cache)
	if o.outbox, err = bot.NewOutbox(a.store, a.assets, templates, a.cfg.PublicBaseURL); err != nil {
		return nil, err
	}
	o.outbox.Now = a.now
	host, _ := os.Hostname()
	o.sender = bot.NewSender(o.api, a.store, bot.SenderConfig{
		Worker:        fmt.Sprintf("%s:%d", host, os.Getpid()),
		RatePerSecond: a.cfg.WeChat.RateLimit,
		Location:      a.cfg.TZ,
	})
	o.sender.Logger = a.log
	o.sender.Templates = o.outbox
	if len(templates) == 0 {
		a.log.Error("WECHAT_TEMPLATES is not set: notices that need a template message wait in the outbox until it names your account's templates (copy templates/" + shippedTemplates + ")")
	}
	o.media = bot.NewMediaWorker(o.api, a.store, a.cfg.DataDir)
	o.media.Logger = a.log
	return o, nil
}

// runOutbound drains the outbox and downloads photos until ctx ends. Every
// replica runs it: claims keep two from sending the same message.
func (a *App) runOutbound(ctx context.Context) {
	out, err := a.outbound()
	if err != nil {
		a.log.Error("outbound worker not started", "err", err)
		return
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); out.sender.Run(ctx, outboxPoll) }()
	go func() { defer wg.Done(); out.media.Run(ctx, photoPoll) }()
	wg.Wait()
}

// closeOutbound releases the Redis connection, if any.
func (a *App) closeOutbound() {
	if a.out.out != nil && a.out.out.redis != nil {
		a.out.out.redis.Close()
	}
}

// bindQR creates the binding QR code of a one-time bind code (its scene)
// through WeChat's API, valid for ttl, rendered as a PNG; the bindcode
// command and the dashboard call it.
func (a *App) bindQR(ctx context.Context, code string, ttl time.Duration) (*bot.BindQR, error) {
	out, err := a.outbound()
	if err != nil {
		return nil, err
	}
	return out.api.BindQR(ctx, code, ttl, 0)
}
