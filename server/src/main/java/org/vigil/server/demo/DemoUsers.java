package org.vigil.server.demo;

import java.util.List;
import org.springframework.stereotype.Component;
import org.vigil.server.users.Role;
import org.vigil.server.users.User;
import org.vigil.server.users.UserService;
import org.vigil.sim.SimMember;

/**
 * The demo's people, listed on {@code /login}: health managers (one per 2,600 members, at least two) whose panels
 * split the professional and premium members, a doctor, an operator, and a few members who can see their own
 * page. Members get service tiers by position: 15 % basic, 20 % premium, the rest professional.
 */
@Component
public class DemoUsers {
  /** Members per health manager (PRODUCT.md: one manager per about 2,600 members). */
  static final int PANEL = 2_600;
  private static final List<String[]> MANAGERS = List.of(
      new String[] {"mgr-wang", "王芳 Wang Fang"}, new String[] {"mgr-li", "李娜 Li Na"},
      new String[] {"mgr-chen", "陈静 Chen Jing"}, new String[] {"mgr-zhao", "赵敏 Zhao Min"});

  private final UserService users;

  public DemoUsers(UserService users) {
    this.users = users;
  }

  /** The demo service tier of the i-th member. */
  static String serviceTier(int i) {
    int k = i % 20;
    return k < 3 ? "basic" : k < 7 ? "premium" : "professional";
  }

  /** Creates the demo users and assigns unassigned managed members (idempotent: a restart changes nothing). */
  void ensure(List<SimMember> members) {
    int managers = Math.min(MANAGERS.size(), Math.max(2, (members.size() + PANEL - 1) / PANEL));
    for (int k = 0; k < managers; k++) {
      users.save(new User(MANAGERS.get(k)[0], MANAGERS.get(k)[1], Role.MANAGER, "default", "zh-CN", null, true));
    }
    users.save(new User("dr-zhang", "张伟医生 Dr Zhang Wei", Role.DOCTOR, "default", "zh-CN", null, true));
    users.setCareTeam("dr-zhang", MANAGERS.subList(0, managers).stream().map(mg -> mg[0]).toList());
    users.save(new User("ops", "运营 Operator", Role.OPERATOR, "default", "en", null, true));
    for (int i = 0; i < members.size(); i++) {
      SimMember m = members.get(i);
      boolean managed = !serviceTier(i).equals("basic");
      if (managed && users.managerOf(m.id()).isEmpty()) {
        users.assign(m.id(), MANAGERS.get(i % managers)[0], "demo", "demo panel");
      }
      if (i < 8) {
        users.save(new User(m.id(), m.nameZh() + " " + m.givenName() + " " + m.familyName(), Role.MEMBER, "default",
            "zh-CN", null, true));
      }
    }
  }
}
