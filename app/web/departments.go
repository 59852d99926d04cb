package web

import "selfcheck/app/regulator"

// Department is a regulating department whose users sign in.
type Department = regulator.Department

// LoadDepartments reads departments.yaml from fsys.
var LoadDepartments = regulator.LoadDepartments

// ScopeChecker returns the function models.ValidateUser needs: whether scope
// is a department code (role department) or a street code (role street).
var ScopeChecker = regulator.ScopeChecker
