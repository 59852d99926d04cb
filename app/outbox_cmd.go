package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"text/tabwriter"
)

func init() {
	register(command{
		name:    "outbox",
		usage:   "list [--dead] [--limit N] | requeue ID|--all-dead",
		summary: "WeChat messages not delivered: list pending, unsubscribed and dead ones, and give dead letters a fresh set of retries.",
		flags: func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
			dead := fs.Bool("dead", false, "list: dead letters only")
			limit := fs.Int("limit", 50, "list: at most this many, newest first")
			allDead := fs.Bool("all-dead", false, "requeue: every dead letter")
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 1 {
					if err := fs.Parse(args[1:]); err != nil {
						return usagef("%v", err)
					}
					args = append(args[:1], fs.Args()...)
				}
				if len(args) == 0 {
					return usagef("want: outbox list or outbox requeue")
				}
				switch args[0] {
				case "list":
					if len(args) != 1 {
						return usagef("want: outbox list [--dead] [--limit N]")
					}
					return outboxList(ctx, e, *dead, *limit)
				case "requeue":
					var id int64
					switch {
					case *allDead && len(args) == 1:
					case !*allDead && len(args) == 2:
						n, err := strconv.ParseInt(args[1], 10, 64)
						if err != nil || n <= 0 {
							return usagef("message id %q is not a positive number", args[1])
						}
						id = n
					default:
						return usagef("want: outbox requeue ID, or outbox requeue --all-dead")
					}
					return outboxRequeue(ctx, e, id)
				}
				return usagef("unknown verb %q: want list or requeue", args[0])
			}
		},
	})
}

func outboxList(ctx context.Context, e *env, dead bool, limit int) error {
	a, err := openApp(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	msgs, err := a.store.ListOutbox(ctx, dead, limit)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tSTATUS\tKIND\tTOPIC\tOPENID\tATTEMPTS\tNEXT\tLAST ERROR")
	for _, m := range msgs {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", m.ID, m.Status, m.Kind, m.Topic, m.OpenID, m.Attempts,
			m.NextAttemptAt.In(a.cfg.TZ).Format("2006-01-02 15:04"), m.LastError)
	}
	return w.Flush()
}

// outboxRequeue requeues one dead letter, or every one when id is 0; a
// running service's sender picks them up at its next poll.
func outboxRequeue(ctx context.Context, e *env, id int64) error {
	a, err := openApp(ctx, e, false)
	if err != nil {
		return err
	}
	defer a.Close()
	if id != 0 {
		if err := a.store.RequeueOutbox(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "message %d requeued\n", id)
		return nil
	}
	n, err := a.store.RequeueAllDead(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d dead letters requeued\n", n)
	return nil
}
