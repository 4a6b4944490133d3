package org.vigil.sim;

import java.util.List;

/**
 * Small built-in lists of common Chinese names, in pinyin and in characters. Common on purpose: a generated
 * "Wang Wei" is one of many, so no generated member reads as a particular person.
 */
final class Names {
  record Name(String pinyin, String hanzi) {}

  static final List<Name> FAMILY = List.of(
      new Name("Wang", "王"), new Name("Li", "李"), new Name("Zhang", "张"), new Name("Liu", "刘"),
      new Name("Chen", "陈"), new Name("Yang", "杨"), new Name("Huang", "黄"), new Name("Zhao", "赵"),
      new Name("Wu", "吴"), new Name("Zhou", "周"), new Name("Xu", "徐"), new Name("Sun", "孙"),
      new Name("Ma", "马"), new Name("Zhu", "朱"), new Name("Hu", "胡"), new Name("Guo", "郭"),
      new Name("He", "何"), new Name("Lin", "林"), new Name("Gao", "高"), new Name("Luo", "罗"));

  static final List<Name> GIVEN_MALE = List.of(
      new Name("Wei", "伟"), new Name("Qiang", "强"), new Name("Lei", "磊"), new Name("Jun", "军"),
      new Name("Yong", "勇"), new Name("Jie", "杰"), new Name("Tao", "涛"), new Name("Ming", "明"),
      new Name("Chao", "超"), new Name("Gang", "刚"), new Name("Jianguo", "建国"), new Name("Zhiqiang", "志强"),
      new Name("Haitao", "海涛"), new Name("Jianhua", "建华"), new Name("Guoqing", "国庆"), new Name("Xiaodong", "晓东"));

  static final List<Name> GIVEN_FEMALE = List.of(
      new Name("Fang", "芳"), new Name("Na", "娜"), new Name("Min", "敏"), new Name("Jing", "静"),
      new Name("Li", "丽"), new Name("Yan", "艳"), new Name("Juan", "娟"), new Name("Xia", "霞"),
      new Name("Hong", "红"), new Name("Ling", "玲"), new Name("Xiuying", "秀英"), new Name("Guilan", "桂兰"),
      new Name("Dongmei", "冬梅"), new Name("Lihua", "丽华"), new Name("Yumei", "玉梅"), new Name("Xiaohong", "小红"));

  private Names() {}
}
