package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/redis/go-redis/v9"
)

// installDriverLoggers sends what the MySQL and Redis clients print on
// their own (a plain-text line per dropped connection or failed dial) into
// the structured log, so that a log collector reading JSON lines is not
// broken by them. MySQL's go in as warnings; Redis's as debug, since
// watchedTokenCache reports an outage once. The loggers are process-wide.
func installDriverLoggers(log *slog.Logger) {
	mysql.SetLogger(mysqlLogger{log})
	redis.SetLogger(redisLogger{log})
}

type mysqlLogger struct{ log *slog.Logger }

func (l mysqlLogger) Print(v ...any) {
	l.log.Warn("mysql client: " + strings.TrimSpace(fmt.Sprint(v...)))
}

type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.Debug("redis client: " + strings.TrimSpace(fmt.Sprintf(format, v...)))
}
