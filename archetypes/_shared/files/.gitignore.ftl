<#-- A template (.ftl) only because jar packaging drops files named .gitignore. -->
target/
*.iml
.idea/
.vscode/
.classpath
.project
.settings/
