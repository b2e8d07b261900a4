package storetest

var contractCases = []Case[ContractStore]{}
var taskCases = []Case[TaskStore]{}
var budgetCases = []Case[BudgetStore]{}
var keyCases = []Case[KeyStore]{}
