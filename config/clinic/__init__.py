"""The clinic's own record (name, contact, hours, answer times) and the ways it is read.

A sub-app of the project package, with the label "config" it had when it was the project
package itself, so that its table and migrations stayed where they were.
"""
