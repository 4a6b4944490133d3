/**
 * People who use Vigil (members, health managers, doctors, operators), their roles, and panels: which manager
 * looks after which member, with the history of every assignment.
 */
package org.vigil.server.users;
