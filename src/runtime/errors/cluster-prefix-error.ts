/** A runtime on a Redis Cluster was given a prefix without a hash tag, so one job's keys would span slots. */
export class ClusterPrefixError extends Error {
  override readonly name = 'ClusterPrefixError';
  constructor(prefix: string) {
    super(
      `Prefix "${prefix}" has no hash tag, so on a Redis Cluster one job's keys would land in different slots ` +
        'and its Lua scripts would fail; wrap the prefix in braces, e.g. "{' + prefix.replace(/[{}]/g, '') + '}"',
    );
  }
}
