package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"github.com/go-sql-driver/mysql"
	"github.com/redis/go-redis/v9"
)

// installDriverLoggers sends what the MySQL and Redis clients print on
// their own (a plain-text line per dropped connection or failed dial) into
// the structured log, so that a log collector reading JSON lines is not
// broken by them. MySQL's go in as warnings; Redis's as debug, since
// watchedTokenCache reports an outage once. The loggers are process-wide,
// so they are installed once and write to the process's default logger
// (which serve sets up before opening the App).
func installDriverLoggers() { driverLoggers() }

var driverLoggers = sync.OnceFunc(func() {
	mysql.SetLogger(mysqlLogger{})
	redis.SetLogger(redisLogger{})
})

type mysqlLogger struct{}

func (mysqlLogger) Print(v ...any) {
	slog.Default().Warn("mysql client: " + strings.TrimSpace(fmt.Sprint(v...)))
}

type redisLogger struct{}

func (redisLogger) Printf(ctx context.Context, format string, v ...any) {
	slog.Default().Debug("redis client: " + strings.TrimSpace(fmt.Sprintf(format, v...)))
}
