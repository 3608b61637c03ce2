/* print_afs_ops.c - the AFS services over Rx (file server, callbacks,
 * protection, volume location, kauth, volume, BOS and Ubik under the
 * replicated ones): each procedure's name and its arguments' format
 * (read by print_afs.c), as tcpdump's print-rx.c decodes them, and the
 * call and reply lines printed from them. */
#include "print_afs.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The file server (fsint/afsint.xg). */
static const afs_op fs_ops[] = {
    {130, "fetch-data", "%F offset%u length%u", NULL},
    {131, "fetch-acl", "%F", "%a"},
    {132, "fetch-status", "%F", NULL},
    {133, "store-data", "%F%A offset%u length%u flen%u", NULL},
    {134, "store-acl", "%F%a", NULL},
    {135, "store-status", "%F%A", NULL},
    {136, "remove-file", "%F%s", NULL},
    {137, "create-file", "%F%s%A", " new%F"},
    {138, "rename", " old%F%s new%F%s", NULL},
    {139, "symlink", "%F%s link to%s", NULL},
    {140, "link", "%F%s link to%F", NULL},
    {141, "makedir", "%F%s%A", " new%F"},
    {142, "rmdir", "%F%s", NULL},
    {143, "oldsetlock", "%F", NULL},
    {144, "oldextlock", "%F", NULL},
    {145, "oldrellock", "%F", NULL},
    {146, "get-stats", NULL, NULL},
    {147, "give-cbs", NULL, NULL},
    {148, "get-vlinfo", "%s", NULL},
    {149, "get-vlstats", " volid%u", NULL},
    {150, "set-vlstats", " volid%u", NULL},
    {151, "get-rootvl", NULL, " root volume%s"},
    {152, "check-token", NULL, NULL},
    {153, "get-time", NULL, "%D"},
    {154, "nget-vlinfo", " volname%s", NULL},
    {155, "bulk-stat", "%[c%F%]", NULL},
    {156, "setlock", "%F", NULL},
    {157, "extlock", "%F", NULL},
    {158, "rellock", "%F", NULL},
    {159, "xstat-ver", NULL, NULL},
    {160, "get-xstat", NULL, NULL},
    {161, "dfs-lookup", NULL, NULL},
    {162, "dfs-flushcps", NULL, NULL},
    {163, "dfs-symlink", NULL, NULL},
    {220, "residency", NULL, NULL},
    {65536, "inline-bulk-status", "%[c%F%]", NULL},
    {65537, "fetch-data-64", "%F offset%l length%l", NULL},
    {65538, "store-data-64", "%F%A offset%l length%l flen%l", NULL},
    {65539, "give-up-all-cbs", NULL, NULL},
    {65540, "get-caps", NULL, NULL},
    {65541, "cb-rx-conn-addr", " addr%u", NULL},
};

/* The cache manager's callback service (fsint/afscbint.xg). */
static const afs_op cb_ops[] = {
    {204, "callback", "%[c%F%]%[; ver%d expires%D%x%]", NULL},
    {205, "initcb", NULL, NULL},
    {206, "probe", NULL, NULL},
    {207, "getlock", NULL, NULL},
    {208, "getce", NULL, NULL},
    {209, "xstatver", NULL, NULL},
    {210, "getxstat", NULL, NULL},
    {211, "initcb2", NULL, NULL},
    {212, "whoareyou", NULL, NULL},
    {213, "initcb3", NULL, "%U"},
    {214, "probeuuid", " afsuuid%U", NULL},
    {215, "getsrvprefs", NULL, NULL},
    {216, "getcellservdb", NULL, NULL},
    {217, "getlocalcell", NULL, NULL},
    {218, "getcacheconf", NULL, NULL},
    {65536, "getce64", NULL, NULL},
    {65537, "getcellbynum", NULL, NULL},
    {65538, "tellmeaboutyourself", NULL, NULL},
};

/* The protection server (ptserver/ptint.xg). */
static const afs_op pt_ops[] = {
    {500, "new-user", "%s id%d oldid%d", NULL},
    {501, "where-is-it", " id%d", NULL},
    {502, "dump-entry", " pos%d", NULL},
    {503, "add-to-group", " uid%d gid%d", NULL},
    {504, "name-to-id", "%[n%v%]", " ids:%[n%d%]"},
    {505, "id-to-name", " ids:%[n%d%]", "%[n%v%]"},
    {506, "delete", " id%d", NULL},
    {507, "remove-from-group", " uid%d gid%d", NULL},
    {508, "get-cps", " id%d", "%[n%d%]"},
    {509, "new-entry", "%s flag%d oid%d", NULL},
    {510, "list-max", NULL, " maxuid%d maxgid%d"},
    {511, "set-max", " id%d gflag%d", NULL},
    {512, "list-entry", " id%d", NULL},
    {513, "change-entry", " id%d%s oldid%d newid%d", NULL},
    {514, "list-elements", " id%d", "%[n%d%]"},
    {515, "same-mbr-of", " uid%d gid%d", NULL},
    {516, "set-fld-sentry", NULL, NULL},
    {517, "list-owned", " id%d", "%[n%d%]"},
    {518, "get-cps2", " id%d", "%[n%d%]"},
    {519, "get-host-cps", " id%d", "%[n%d%]"},
    {520, "update-entry", " id%d%s", NULL},
    {521, "list-entries", NULL, NULL},
    {530, "list-super-groups", " id%d", NULL},
};

/* The volume location server (vlserver/vldbint.xg). */
static const afs_op vldb_ops[] = {
    {501, "create-entry", "%v", NULL},
    {502, "delete-entry", " volid%d%T", NULL},
    {503, "get-entry-by-id", " volid%d%T", "%R"},
    {504, "get-entry-by-name", "%s", "%R"},
    {505, "get-new-volume-id", " bump%d", " newvol%u"},
    {506, "replace-entry", " volid%d%T%v", NULL},
    {507, "update-entry", " volid%d%T", NULL},
    {508, "setlock", " volid%d%T", NULL},
    {509, "releaselock", " volid%d%T", NULL},
    {510, "list-entry", " index%d", " count%d nextindex%d%R"},
    {511, "list-attrib", NULL, NULL},
    {512, "linked-list", NULL, NULL},
    {513, "get-stats", NULL, NULL},
    {514, "probe", NULL, NULL},
    {515, "get-addrs", NULL, NULL},
    {516, "change-addr", NULL, NULL},
    {517, "create-entry-n", "%v", NULL},
    {518, "get-entry-by-id-n", " volid%d%T", "%Q"},
    {519, "get-entry-by-name-n", "%s", "%Q"},
    {520, "replace-entry-n", " volid%d%T%v", NULL},
    {521, "list-entry-n", " index%d", " count%d nextindex%d%Q"},
    {522, "list-attrib-n", NULL, NULL},
    {523, "linked-list-n", NULL, NULL},
    {524, "update-entry-by-name", "%s", NULL},
    {525, "create-entry-u", NULL, NULL},
    {526, "get-entry-by-id-u", NULL, "%W"},
    {527, "get-entry-by-name-u", "%s", "%W"},
    {528, "replace-entry-u", NULL, NULL},
    {529, "list-entry-u", NULL, " count%d nextindex%d%Q"},
    {530, "list-attrib-u", NULL, NULL},
    {531, "linked-list-u", NULL, NULL},
    {532, "regaddr", NULL, NULL},
    {533, "get-addrs-u", NULL, NULL},
    {534, "list-attrib-n2", NULL, NULL},
};

/* The Kerberos authentication server (kauth/kauth.rg). */
static const afs_op kauth_ops[] = {
    {1, "auth-old", " principal%s%s", NULL},
    {21, "authenticate", " principal%s%s", NULL},
    {22, "authenticate-v2", " principal%s%s", NULL},
    {2, "change-pw", " principal%s%s", NULL},
    {3, "get-ticket-old", " kvno%d domain%s%O principal%s%s", NULL},
    {23, "get-ticket", " kvno%d domain%s%O principal%s%s", NULL},
    {4, "set-pw", " principal%s%s kvno%d", NULL},
    {5, "set-fields", " principal%s%s", NULL},
    {6, "create-user", " principal%s%s", NULL},
    {7, "delete-user", " principal%s%s", NULL},
    {8, "get-entry", " principal%s%s", NULL},
    {9, "list-entry", NULL, NULL},
    {10, "get-stats", NULL, NULL},
    {11, "debug", NULL, NULL},
    {12, "get-pw", " name%s", NULL},
    {13, "get-random-key", NULL, NULL},
    {14, "unlock", " principal%s%s", NULL},
    {15, "lock-status", " principal%s%s", NULL},
};

/* The volume server (volser/volint.xg). */
static const afs_op vol_ops[] = {
    {100, "create-volume", " partition%u name%s type%u parent%u",
     " volid%u trans%u"},
    {101, "delete-volume", " trans%u", NULL},
    {102, "restore", " totrans%u flags%u", NULL},
    {103, "forward", " fromtrans%u fromdate%D%E desttrans%d", NULL},
    {104, "end-trans", " trans%u", "%u"},
    {105, "clone", " trans%u purgevol%u newtype%u newname%s", " newvol%u"},
    {106, "set-flags", " trans%u flags%u", NULL},
    {107, "get-flags", " trans%u", "%u"},
    {108, "trans-create", " vol%u partition%u flags%u", " trans%u"},
    {109, "dump", " fromtrans%u fromdate%D", NULL},
    {110, "get-nth-volume", " index%u", " volume%u partition%u"},
    {111, "set-forwarding", " tid%u newsite%u", NULL},
    {112, "get-name", " tid", "%s"},
    {113, "get-status", " tid",
     " volid%u nextuniq%u type%u parentid%u clone%u backup%u restore%u "
     "maxquota%u"
     " minquota%u owner%u create%D access%D update%D expire%D backup%D copy%D"},
    {114, "sig-restore", " name%s type%u pid%u cloneid%u", NULL},
    {115, "list-partitions", NULL, NULL},
    {116, "list-volumes", " partition%u flags%u",
     "%[c name%v volid%u type%k%]"},
    {117, "set-id-types", " tid%u name%s type%u pid%u clone%u backup%u", NULL},
    {118, "monitor", NULL, NULL},
    {119, "partition-info", " name%s", NULL},
    {120, "reclone", " tid%u", NULL},
    {121, "list-one-volume", " partid%u volid%u",
     "%[c name%v volid%u type%k%]"},
    {122, "nuke", " partid%u volid%u", NULL},
    {123, "set-date", " tid%u date%D", NULL},
    {124, "x-list-volumes", " partid%u volid%u", NULL},
    {125, "x-list-one-volume", " partid%u volid%u", NULL},
    {126, "set-info", " tid%u", NULL},
    {127, "x-list-partitions", NULL, NULL},
    {128, "forward-multiple", " fromtrans%u fromdate%D%[c%E%]", NULL},
    {65536, "convert-ro", " partid%u volid%u", NULL},
    {65537, "get-size", NULL, NULL},
    {65538, "dump-v2", " fromtrans%u fromdate%D flags%u", NULL},
    {655537, NULL, " fromtrans%u fromdate%D", NULL}, /* sic: "get size" */
};

/* The basic overseer (bozo/bosint.xg). */
static const afs_op bos_ops[] = {
    {80, "create-bnode", " type%s instance%s", NULL},
    {81, "delete-bnode", "%s", NULL},
    {82, "set-status", "%s status%d", NULL},
    {83, "get-status", "%s", NULL},
    {84, "enumerate-instance", "%d", NULL},
    {85, "get-instance-info", "%s", NULL},
    {86, "get-instance-parm", "%s num%d", NULL},
    {87, "add-superuser", "%s", NULL},
    {88, "delete-superuser", "%s", NULL},
    {89, "list-superusers", "%d", NULL},
    {90, "list-keys", "%d", NULL},
    {91, "add-key", "%d", NULL},
    {92, "delete-key", "%d", NULL},
    {93, "set-cell-name", "%s", NULL},
    {94, "get-cell-name", NULL, NULL},
    {95, "get-cell-host", "%d", NULL},
    {96, "add-cell-host", "%s", NULL},
    {97, "delete-cell-host", "%s", NULL},
    {98, "set-t-status", "%s status%d", NULL},
    {99, "shutdown-all", NULL, NULL},
    {100, "restart-all", NULL, NULL},
    {101, "startup-all", NULL, NULL},
    {102, "set-noauth-flag", NULL, NULL},
    {103, "re-bozo", NULL, NULL},
    {104, "restart", "%s", NULL},
    {105, "start-bozo-install", "%s size%d flags%d date%d", NULL},
    {106, "uninstall", "%s", NULL},
    {107, "get-dates", NULL, NULL},
    {108, "exec", "%s", NULL},
    {109, "prune", NULL, NULL},
    {110, "set-restart-time", NULL, NULL},
    {111, "get-restart-time", NULL, NULL},
    {112, "start-bozo-log", "%s", NULL},
    {113, "wait-all", NULL, NULL},
    {114, "get-instance-strings", "%s", NULL},
    {115, "get-restricted", NULL, NULL},
    {116, "set-restricted", NULL, NULL},
};

/* Ubik, the replication under the protection, volume location and
 * kauth servers (ubik/ubik_int.xg). */
static const afs_op ubik_ops[] = {
    {10000, "vote-beacon", "%y votestart%D dbversion%V tid%V", " vote no"},
    {10001, "vote-debug-old", NULL, NULL},
    {10002, "vote-sdebug-old", NULL, NULL},
    {10003, "vote-getsyncsite", " site%u", NULL},
    {10004, "vote-debug", NULL, NULL},
    {10005, "vote-sdebug", NULL, NULL},
    {10006, "vote-xdebug", NULL, NULL},
    {10007, "vote-xsdebug", NULL, NULL},
    {20000, "disk-begin", " tid%V", NULL},
    {20001, "disk-commit", " tid%V", NULL},
    {20002, "disk-lock", " tid%V file%d pos%d length%d%x", NULL},
    {20003, "disk-write", " tid%V file%d pos%d", NULL},
    {20004, "disk-getversion", NULL, " dbversion%V"},
    {20005, "disk-getfile", " file%d", NULL},
    {20006, "disk-sendfile", " file%d length%d dbversion%V", NULL},
    {20007, "disk-abort", " tid%V", NULL},
    {20008, "disk-releaselocks", " tid%V", NULL},
    {20009, "disk-truncate", " tid%V file%d length%d", NULL},
    {20010, "disk-probe", " tid%V", NULL},
    {20011, "disk-writev", NULL, NULL},
    {20012, "disk-interfaceaddr", " tid%V oldversion%V newversion%V", NULL},
    {20013, "disk-setversion", NULL, NULL},
};

/* The services by port (FS 7000 ... BOS 7007; 7006 is none). */
static const afs_svc svcs[] = {
    {7000, "fs", fs_ops, N(fs_ops), 256, 0, 0, 0},
    {7001, "cb", cb_ops, N(cb_ops), 256, 0, 0, 0},
    {7002, "pt", pt_ops, N(pt_ops), 64, 64, 1, 1},
    {7003, "vldb", vldb_ops, N(vldb_ops), 65, 65, 1, 1},
    {7004, "kauth", kauth_ops, N(kauth_ops), 64, 0, 1, 0},
    {7005, "vol", vol_ops, N(vol_ops), 256, 32, 0, 0},
    {7007, "bos", bos_ops, N(bos_ops), 256, 0, 0, 0},
};
const afs_svc nlab_afs_ubik = {0, "ubik", ubik_ops, N(ubik_ops), 0, 0, 0, 1};

const afs_svc *nlab_afs_svc(uint16_t port)
{
	for (size_t i = 0; i < N(svcs); i++)
		if (svcs[i].port == port)
			return &svcs[i];
	return NULL;
}

const afs_op *nlab_afs_op(const afs_svc *s, uint32_t op)
{
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].op == op)
			return &s->ops[i];
	return NULL;
}

/* Whether OP is one of Ubik's (is_ubik). */
static int is_ubik(uint32_t op)
{
	return (op >= 10000 && op <= 10007) || (op >= 20000 && op <= 20013);
}

/* " pt ubik call vote-beacon" or " fs reply fetch-data": the service
 * that answers OP under *S (Ubik under a replicated one), its name and
 * the procedure's; returns the procedure (NULL for an unknown one). */
static const afs_op *put_proc(nlab_pctx *c, const afs_svc **s, uint32_t op,
			      const char *what)
{
	if ((*s)->ubik) {
		nlab_strbuf_printf(c->out, " %s", (*s)->name);
		if (is_ubik(op))
			*s = &nlab_afs_ubik;
	}
	if (!(*s)->ubik || *s == &nlab_afs_ubik)
		nlab_strbuf_printf(c->out, " %s", (*s)->name);
	nlab_strbuf_printf(c->out, " %s ", what);
	const afs_op *o = nlab_afs_op(*s, op);
	if (o && o->name)
		nlab_p_puts(c, o->name);
	else
		nlab_strbuf_printf(c->out, "op#%u", op);
	return o;
}

/* The end of reading arguments with E: " [|fs]" when the service ends
 * the line; AFS_RX passed on. */
static int done(nlab_pctx *c, const afs_svc *s, int e)
{
	if (e == AFS_SVC)
		nlab_strbuf_printf(c->out, " [|%s]", s->name);
	return e == AFS_RX ? AFS_RX : AFS_OK;
}

int nlab_afs_call(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t port)
{
	const afs_svc *s = nlab_afs_svc(port);
	if (!s || len <= AFS_RXHDR)
		return AFS_OK;
	if (!nlab_view_has(v, AFS_RXHDR, 4))
		return AFS_RX;
	uint32_t op = nlab_get32(v, AFS_RXHDR);
	const afs_op *o = put_proc(c, &s, op, "call");
	afs_rd r = {c, v, AFS_RXHDR + 4, s->namemax, s->vecmax};
	return done(c, s, o && o->call ? nlab_afs_run(&r, o->call) : AFS_OK);
}

/* A reply that is not data (an abort): its error code, " error no such
 * vnode" from the file server (afs_fs_errors). */
static int abort_code(afs_rd *r, const afs_svc *s, uint32_t op, uint8_t type)
{
	if (s == &nlab_afs_ubik && op == 10000)
		return nlab_afs_run(r, " vote yes until%D");
	if (s->port != 7000)
		return nlab_afs_run(r, " errcode%d");
	if (type != 4) {
		nlab_strbuf_printf(r->c->out, " strange fs reply of type %u",
				   type);
		return AFS_OK;
	}
	static const char *const errs[] = {
	    "salvage volume", "no such vnode", "no such volume",
	    "volume exist",   "no service",    "volume offline",
	    "voline online",  "diskfull",      "diskquota exceeded",
	    "volume busy",    "volume moved",  "AFS IO error"};
	if (!nlab_view_has(r->v, r->at, 4))
		return AFS_RX;
	int32_t e = (int32_t)nlab_get32(r->v, r->at);
	if (e >= 101 && e <= 112)
		nlab_strbuf_printf(r->c->out, " error %s", errs[e - 101]);
	else if (e == -100)
		nlab_p_puts(r->c, " error restarting fileserver");
	else
		nlab_strbuf_printf(r->c->out, " error #%d", e);
	return AFS_OK;
}

int nlab_afs_reply(nlab_pctx *c, nlab_view v, uint32_t len, uint16_t port,
		   uint32_t opcode)
{
	const afs_svc *s = nlab_afs_svc(port);
	if (!s || (s->reply_lt ? len < AFS_RXHDR : len <= AFS_RXHDR))
		return AFS_OK;
	const afs_op *o = put_proc(c, &s, opcode, "reply");
	uint8_t type = nlab_get8(v, 20);
	afs_rd r = {c, v, AFS_RXHDR, s->namemax, s->vecmax};
	if (type == 1)
		return done(
		    c, s, o && o->reply ? nlab_afs_run(&r, o->reply) : AFS_OK);
	return done(c, s, abort_code(&r, s, opcode, type));
}
