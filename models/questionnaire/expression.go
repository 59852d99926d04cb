package questionnaire

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// allowedBuiltins are the only functions an expression may call. Everything
// that reads the clock, the environment or builds unbounded data is absent.
var allowedBuiltins = []string{
	"len", "abs", "ceil", "floor", "round", "min", "max", "int", "float",
	"string", "trim", "lower", "upper", "hasPrefix", "hasSuffix",
	"all", "any", "none", "one", "count", "sum",
}

// maxExprNodes bounds the size of one expression.
const maxExprNodes = 300

// reservedNames cannot be item ids because expressions use them.
var reservedNames = map[string]bool{
	"subject": true, "today": true, "value": true, "true": true, "false": true,
	"nil": true, "in": true, "not": true, "and": true, "or": true, "let": true,
	"matches": true, "contains": true, "startsWith": true, "endsWith": true,
}

// Expr is a compiled, type-checked expression from a template.
type Expr struct {
	// Source is the expression as written in the template.
	Source  string
	program *vm.Program
	refs    []string
}

// Refs returns the ids of the items the expression reads, in first-use order.
func (e *Expr) Refs() []string { return e.refs }

// SubjectEnv is what expressions see as `subject`.
type SubjectEnv struct {
	Tags     []string       `expr:"tags"`
	Size     string         `expr:"size"`
	Licences []string       `expr:"licences"`
	Attrs    map[string]any `expr:"attrs"`
}

// LocationEnv is what expressions see for a location answer.
type LocationEnv struct {
	Lat   float64 `expr:"lat"`
	Lon   float64 `expr:"lon"`
	Label string  `expr:"label"`
}

// ident is the expression name of an item id.
func ident(id string) string { return strings.ReplaceAll(id, "-", "_") }

// zeroOf is the value an unanswered item of type t has in expressions. Its
// Go type is also what the type checker sees.
func zeroOf(t Type) any {
	switch t {
	case TypeYesNo:
		return false
	case TypeMulti:
		return []string{}
	case TypeInteger:
		return 0
	case TypeDecimal:
		return 0.0
	case TypeLocation:
		return LocationEnv{}
	case TypeCalculate:
		return nil
	default:
		return ""
	}
}

// compileExpr type-checks src against env; it fails on unknown names,
// disallowed functions and, when asBool, a non-boolean result.
func compileExpr(src string, env map[string]any, asBool bool, ids map[string]string) (*Expr, error) {
	opts := []expr.Option{expr.Env(env), expr.DisableAllBuiltins(), expr.MaxNodes(maxExprNodes)}
	for _, b := range allowedBuiltins {
		opts = append(opts, expr.EnableBuiltin(b))
	}
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	p, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w", src, err)
	}
	c := &refCollector{ids: ids, seen: map[string]bool{}}
	node := p.Node()
	ast.Walk(&node, c)
	return &Expr{Source: src, program: p, refs: c.refs}, nil
}

type refCollector struct {
	ids  map[string]string // expression name -> item id
	seen map[string]bool
	refs []string
}

func (c *refCollector) Visit(n *ast.Node) {
	id, ok := (*n).(*ast.IdentifierNode)
	if !ok {
		return
	}
	if itemID, ok := c.ids[id.Value]; ok && !c.seen[itemID] {
		c.seen[itemID] = true
		c.refs = append(c.refs, itemID)
	}
}

// eval runs e over env. Runtime failures (a nil attribute compared as a
// number, a budget overrun) come back as errors, never panics.
func (e *Expr) eval(env map[string]any) (out any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("expression %q: %v", e.Source, r)
		}
	}()
	out, err = expr.Run(e.program, env)
	if err != nil {
		return nil, fmt.Errorf("expression %q: %w", e.Source, err)
	}
	return out, nil
}

// evalBool is eval for boolean expressions; a failure counts as false.
func (e *Expr) evalBool(env map[string]any) bool {
	out, err := e.eval(env)
	if err != nil {
		return false
	}
	b, ok := out.(bool)
	return ok && b
}

// typedZero returns the zero value of a calculation's result type, so later
// expressions are type-checked against it.
func typedZero(e *Expr) any {
	t := e.program.Node().Type()
	if t == nil || t.Kind() == reflect.Interface {
		return nil
	}
	return reflect.Zero(t).Interface()
}
