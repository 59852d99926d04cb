package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
)

// env is what a command may touch of the outside world; tests pass their own.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one `selfcheck NAME` subcommand.
type command struct {
	name    string
	summary string
	// usage is the argument synopsis after the command name.
	usage string
	// flags declares the command's flags on fs and returns the function
	// that runs it once they are parsed.
	flags func(fs *flag.FlagSet) func(ctx context.Context, e *env, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// run is the whole program: it returns the process exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	logger, problems := newLogger(stderr, getenv)
	for _, p := range problems {
		fmt.Fprintf(stderr, "selfcheck: %s\n", p)
	}
	if len(problems) > 0 {
		return 2
	}
	slog.SetDefault(logger)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "selfcheck: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	e.getenv = oneShotEnv(c.name, getenv)
	fs := flag.NewFlagSet("selfcheck "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	runFn := c.flags(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: selfcheck %s %s\n\n%s\n", c.name, c.usage, c.summary)
		if hasFlags(fs) {
			fmt.Fprintln(fs.Output(), "\nflags:")
			fs.PrintDefaults()
		}
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		return 2
	}
	// A verb's --help (`user add --help`, `campaign push --help`) comes
	// after the verb, where the command's own flags have stopped parsing.
	for _, a := range fs.Args() {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
	}
	if err := runFn(ctx, e, fs.Args()); err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "selfcheck %s: %s\n", c.name, ue.msg)
			fs.Usage()
			return 2
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(stderr, "selfcheck %s: %s\n", c.name, line)
		}
		return 1
	}
	return 0
}

// usageError is a mistake in the command line rather than a failure.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "selfcheck — 企业自查自报与信用监管服务")
	fmt.Fprintln(w, "\nusage: selfcheck COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun `selfcheck COMMAND --help` for a command's flags. Configuration comes from the environment; see README.md.")
}
